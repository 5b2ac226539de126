// The threaded sgd-wasm kernel's timing loop, shared by bench-speed.ts in Node (imported) and in
// Chromium (bundled by esbuild and run as a module worker of the cross-origin-isolated bench page): the lab's createThreadedSgd (DSGD over a shared memory, one worker per
// thread) on whole epochs, each epoch's order shuffled (not timed), the bucketing into blocks and the
// barriers timed with the kernel.
import type { RatingsColumns } from '../src/data/types';
import { createRng, shuffleInPlace } from '../src/math/random';
import { initModel, meanRating } from '../src/model/batches';
import { DSGD_BLOCKS, createThreadedSgd } from '../src/model/wasmSgdThreads';

/** What one measurement needs (plain arrays, so it crosses into a page). */
export interface ThreadedBenchInput {
  users: ArrayLike<number>;
  items: ArrayLike<number>;
  ratings: ArrayLike<number>;
  nT: number;
  nUsers: number;
  nItems: number;
  k: number;
  threads: number;
  epochs: number;
  eta: number;
  lambda: number;
}

/**
 * Ratings/s of each epoch: whole training epochs through the DSGD kernel (DSGD_BLOCKS × DSGD_BLOCKS
 * blocks, the lab's schedule on 2+ threads; the same schedule on 1 thread, so the ratio is like for
 * like) on `threads` threads.
 */
export async function benchThreaded(o: ThreadedBenchInput): Promise<number[]> {
  const data: RatingsColumns = { users: Int32Array.from(o.users), items: Int32Array.from(o.items), ratings: Float32Array.from(o.ratings) };
  const order = Int32Array.from({ length: o.nT }, (_, j) => j);
  const rng = createRng(42);
  const model = initModel(o.nUsers, o.nItems, o.k, meanRating(data.ratings, order), rng);
  const kernel = await createThreadedSgd(data, model, o.eta, o.lambda, null, o.threads, order, DSGD_BLOCKS, o.nT);
  try {
    // warm-up calls on every worker: V8 optimises a wasm function after some calls, never inside one
    for (let w = 0; w < 20; w++) await kernel.run(order.subarray(0, 20_000), false);
    const rps: number[] = [];
    for (let e = 0; e < o.epochs; e++) {
      shuffleInPlace(rng, order);
      const t0 = performance.now();
      await kernel.run(order, false);
      rps.push(o.nT / ((performance.now() - t0) / 1000));
    }
    return rps;
  } finally {
    kernel.close();
  }
}

// In a browser worker (bench-speed's page starts this bundle as a module worker, so the coordinator
// runs in a worker as the lab's does, where Atomics.wait may block): one measurement per message.
const scope = globalThis as { WorkerGlobalScope?: unknown; onmessage?: unknown; postMessage?: (m: unknown) => void };
if (scope.WorkerGlobalScope !== undefined && scope.postMessage) {
  const post = scope.postMessage.bind(globalThis);
  scope.onmessage = (e: MessageEvent<ThreadedBenchInput>) => {
    benchThreaded(e.data).then(post, (err: unknown) => post({ error: String(err) }));
  };
}
