/** The words of an item title, as the content features count them. Pure. */

/**
 * Very common words that say nothing about an item: English function words and the articles and
 * prepositions of the other languages MovieLens titles use ("Cité des enfants perdus, La").
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // English
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'from', 'he', 'her', 'his', 'i', 'in', 'into', 'is', 'it', 'its',
  'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our', 'she', 'so', 'that', 'the', 'their', 'them', 'they', 'this', 'to', 'up', 'was',
  'we', 'what', 'when', 'who', 'with', 'you', 'your',
  // French, Spanish, Italian, Portuguese, German, Dutch articles and prepositions
  'au', 'aux', 'da', 'das', 'de', 'dei', 'del', 'della', 'den', 'der', 'des', 'di', 'die', 'do', 'du', 'een', 'ein', 'eine', 'el',
  'en', 'et', 'het', 'il', 'la', 'las', 'le', 'les', 'lo', 'los', 'um', 'uma', 'un', 'una', 'und', 'une', 'uno', 'y',
]);

/** A trailing release year in parentheses, "(1995)", or years of a series, "(2007-2013)", "(2010–)". */
const TRAILING_YEAR = /\s*\(\s*\d{4}\s*(?:[-–]\s*(?:\d{4})?\s*)?\)\s*$/u;

/**
 * The words of a title, in order, with repeats: lower-cased; a trailing "(1995)" removed;
 * accents stripped (NFKD, combining marks dropped: "Cité" → "cite"); apostrophes removed
 * ("Schindler's" → "schindlers"); split on every run of characters that are not letters or
 * digits; then stop words (STOP_WORDS) and single letters dropped (single digits are kept:
 * "Alien 3"). `titleWords('Usual Suspects, The (1995)')` = ['usual', 'suspects'].
 */
export function titleWords(title: string): string[] {
  const text = title
    .replace(TRAILING_YEAR, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/gu, '');
  const out: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || STOP_WORDS.has(word)) continue;
    if (word.length === 1 && !/\p{N}/u.test(word)) continue;
    out.push(word);
  }
  return out;
}
