/** Cancellation of long worker calls: the client names each call with a job id and may cancel it. */

export interface Jobs {
  /** Registers a job; its signal aborts when `cancel(id)` is called. Call `finish` when it ends. */
  start(id: string): { signal: AbortSignal; finish(): void };
  cancel(id: string): boolean;
}

export function createJobs(): Jobs {
  const running = new Map<string, AbortController>();
  return {
    start(id) {
      const controller = new AbortController();
      running.set(id, controller);
      return { signal: controller.signal, finish: () => running.delete(id) };
    },
    cancel(id) {
      const controller = running.get(id);
      controller?.abort();
      return controller !== undefined;
    },
  };
}

/** Thrown (as a DOMException named AbortError) when a job is cancelled. */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
