/** Operations on rating columns. */
import type { RatingsColumns } from './types';

/** The rows of `columns` at `rows` (all of them, the same object, when omitted), as new columns. */
export function pickRows(columns: RatingsColumns, rows?: ArrayLike<number>): RatingsColumns {
  if (!rows) return columns;
  const n = rows.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const r = rows[j] as number;
    users[j] = columns.users[r] as number;
    items[j] = columns.items[r] as number;
    ratings[j] = columns.ratings[r] as number;
  }
  return { users, items, ratings };
}
