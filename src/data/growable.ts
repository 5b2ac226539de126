/** Append-only typed-array columns that double their capacity as they grow. */
import type { RatingsColumns } from './types';

/** Accumulates (user, item, rating[, timestamp]) rows into typed arrays. */
export class RatingsBuilder {
  private users: Int32Array;
  private items: Int32Array;
  private ratings: Float32Array;
  private times: Float64Array | null;
  /** Number of rows pushed. */
  length = 0;

  /** `withTimestamps`: also keep one timestamp (seconds) per row, returned by finishTimestamps(). */
  constructor(initialCapacity = 1024, withTimestamps = false) {
    const cap = Math.max(1, initialCapacity);
    this.users = new Int32Array(cap);
    this.items = new Int32Array(cap);
    this.ratings = new Float32Array(cap);
    this.times = withTimestamps ? new Float64Array(cap) : null;
  }

  /** Append one row; `timestamp` is ignored unless the builder keeps timestamps. */
  push(user: number, item: number, rating: number, timestamp = 0): void {
    if (this.length === this.users.length) this.grow();
    const k = this.length++;
    this.users[k] = user;
    this.items[k] = item;
    this.ratings[k] = rating;
    if (this.times) this.times[k] = timestamp;
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
    if (this.times) {
      const t = new Float64Array(cap);
      t.set(this.times);
      this.times = t;
    }
  }

  /** Exact-length copies of what was pushed. */
  finish(): RatingsColumns {
    return {
      users: this.users.slice(0, this.length),
      items: this.items.slice(0, this.length),
      ratings: this.ratings.slice(0, this.length),
    };
  }

  /** Exact-length copy of the timestamps pushed, or null when the builder keeps none. */
  finishTimestamps(): Float64Array | null {
    return this.times ? this.times.slice(0, this.length) : null;
  }

  /** Drops every row and the room held for them, so their memory can be collected. */
  clear(): void {
    this.users = new Int32Array(1);
    this.items = new Int32Array(1);
    this.ratings = new Float32Array(1);
    if (this.times) this.times = new Float64Array(1);
    this.length = 0;
  }
}
