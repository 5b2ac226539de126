/**
 * A serial queue: tasks run one at a time, in the order they were queued. All tfjs work goes
 * through one of these, because tfjs scopes are global and two interleaved async calls would
 * corrupt each other's disposal.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T> | T): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T> | T): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
