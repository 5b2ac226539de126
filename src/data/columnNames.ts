/** Column names the lab recognises in a header row, and what counts as a number in a data file. */

/** A number as written in a data file (integer, decimal, exponent). */
export function isNumeric(s: string): boolean {
  const t = s.trim();
  return t !== '' && Number.isFinite(Number(t)) && !/^0x/i.test(t);
}

/** Lower-case letters and digits only: 'User-ID' → 'userid'. */
function norm(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export const USER_NAMES = ['user', 'userid', 'uid', 'users', 'customer', 'customerid', 'reviewer', 'reviewerid', 'member', 'memberid', 'profile', 'profileid', 'person', 'personid'];
export const ITEM_NAMES = ['item', 'itemid', 'iid', 'items', 'movie', 'movieid', 'movies', 'film', 'filmid', 'isbn', 'book', 'bookid', 'product', 'productid', 'asin', 'track', 'trackid', 'song', 'songid', 'artist', 'artistid', 'anime', 'animeid', 'game', 'gameid', 'recipe', 'recipeid', 'business', 'businessid'];
export const RATING_NAMES = ['rating', 'ratings', 'score', 'stars', 'star', 'value', 'rate', 'grade', 'bookrating', 'userrating'];
export const TIME_NAMES = ['timestamp', 'time', 'date', 'datetime', 'ts', 'unixtime', 'unixreviewtime', 'ratedat', 'created', 'createdat'];
export const TITLE_NAMES = ['title', 'name', 'movietitle', 'booktitle', 'itemname', 'moviename', 'productname'];
export const GENRE_NAMES = ['genre', 'genres', 'category', 'categories', 'tags'];
export const ID_NAMES = ['id', ...ITEM_NAMES];

/** The first column (not taken) whose normalised header name is one of `names`, else one that starts or ends with one. */
export function findByName(header: readonly string[], names: readonly string[], taken: ReadonlySet<number>): number | null {
  const normed = header.map(norm);
  for (let i = 0; i < normed.length; i++) if (!taken.has(i) && names.includes(normed[i] ?? '')) return i;
  // Looser: a name that ends with a known word ('Book-Rating' → 'bookrating' ends with 'rating').
  for (let i = 0; i < normed.length; i++) {
    const n = normed[i] ?? '';
    if (!taken.has(i) && n.length > 0 && names.some((w) => w.length >= 4 && (n.endsWith(w) || n.startsWith(w)))) return i;
  }
  return null;
}

/** Whether a header cell is a column name the lab knows (user, item, rating, title…). */
export function looksLikeHeaderName(s: string): boolean {
  const n = norm(s);
  return [...USER_NAMES, ...ITEM_NAMES, ...RATING_NAMES, ...TIME_NAMES, ...TITLE_NAMES, ...GENRE_NAMES, 'id'].includes(n);
}
