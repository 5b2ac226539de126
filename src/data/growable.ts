/** Append-only typed-array columns that double their capacity as they grow. */
import type { RatingsColumns } from './types';

/** Accumulates (user, item, rating) triples into typed arrays. */
export class RatingsBuilder {
  private users: Int32Array;
  private items: Int32Array;
  private ratings: Float32Array;
  /** Number of triples pushed. */
  length = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(1, initialCapacity);
    this.users = new Int32Array(cap);
    this.items = new Int32Array(cap);
    this.ratings = new Float32Array(cap);
  }

  /** Append one triple. */
  push(user: number, item: number, rating: number): void {
    if (this.length === this.users.length) this.grow();
    const k = this.length++;
    this.users[k] = user;
    this.items[k] = item;
    this.ratings[k] = rating;
  }

  private grow(): void {
    const cap = this.users.length * 2;
    const u = new Int32Array(cap);
    u.set(this.users);
    const i = new Int32Array(cap);
    i.set(this.items);
    const r = new Float32Array(cap);
    r.set(this.ratings);
    this.users = u;
    this.items = i;
    this.ratings = r;
  }

  /** Exact-length copies of what was pushed. */
  finish(): RatingsColumns {
    return {
      users: this.users.slice(0, this.length),
      items: this.items.slice(0, this.length),
      ratings: this.ratings.slice(0, this.length),
    };
  }
}
