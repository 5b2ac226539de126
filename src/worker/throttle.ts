/**
 * Calls `fn` at most once per `intervalMs` with the latest value; `flush()` delivers a pending value
 * at once. Progress callbacks cross the worker boundary through this (~10/s at most).
 */
export interface Throttled<T> {
  (value: T): void;
  flush(): void;
}

export function throttle<T>(fn: (value: T) => void, intervalMs: number, now: () => number = () => performance.now()): Throttled<T> {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  const call = ((value: T) => {
    const t = now();
    if (t - last >= intervalMs) {
      last = t;
      pending = null;
      fn(value);
    } else {
      pending = { value };
    }
  }) as Throttled<T>;
  call.flush = () => {
    if (pending) {
      const { value } = pending;
      pending = null;
      last = now();
      fn(value);
    }
  };
  return call;
}
