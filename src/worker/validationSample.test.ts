import { describe, expect, it } from 'vitest';
import { rowsOfSampledUsers } from './validationSample';

/** Rows of users 0…u−1, each with `per` ratings on items 0…per−1 (rating = user + item / 10). */
function rowsOf(u: number, per: number) {
  const n = u * per;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    users[j] = j % u; // users interleaved, as a random holdout leaves them
    items[j] = Math.floor(j / u);
    ratings[j] = users[j]! + items[j]! / 10;
  }
  return { users, items, ratings };
}

describe('rowsOfSampledUsers', () => {
  it('keeps every row (the same columns) when there are no more users than the cap', () => {
    const rows = rowsOf(5, 3);
    const s = rowsOfSampledUsers(rows, 5, 1);
    expect(s.rows).toBe(rows);
    expect(s).toMatchObject({ users: 5, ofUsers: 5 });
  });

  it('keeps all the rows of exactly maxUsers users, in order, the same for the same seed', () => {
    const rows = rowsOf(50, 4);
    const a = rowsOfSampledUsers(rows, 7, 42);
    expect(a).toMatchObject({ users: 7, ofUsers: 50 });
    const kept = new Set(a.rows.users);
    expect(kept.size).toBe(7);
    expect(a.rows.users.length).toBe(7 * 4);
    // every row of a kept user, with its item and rating, in the original order
    const expected = [...rows.users.keys()].filter((j) => kept.has(rows.users[j]!));
    expect(Array.from(a.rows.items)).toEqual(expected.map((j) => rows.items[j]));
    expect(Array.from(a.rows.ratings)).toEqual(expected.map((j) => rows.ratings[j]));
    const b = rowsOfSampledUsers(rows, 7, 42);
    expect(Array.from(b.rows.users)).toEqual(Array.from(a.rows.users));
    const c = rowsOfSampledUsers(rows, 7, 43);
    expect(Array.from(c.rows.users)).not.toEqual(Array.from(a.rows.users));
  });

  it('rejects a cap below 1', () => {
    expect(() => rowsOfSampledUsers(rowsOf(2, 2), 0, 1)).toThrow(RangeError);
  });
});
