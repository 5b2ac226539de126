/**
 * The DSGD block schedule of the threaded sgd-wasm kernel (wasmSgdThreads.ts): users and items in B
 * balanced groups each, every training row's block (user group, item group), a step's rows bucketed
 * stably into the B×B blocks, and the claim loop every thread runs over a diagonal's blocks — with
 * the shared-memory layout and control words it reads, and the workers' program built around it.
 */
import { SPIN_POLLS } from './sgdThreadPool';
import type { SgdExports } from './wasmSgd';

/** User groups = item groups of the DSGD schedule on 2+ threads (B: B×B blocks, B diagonals per step). */
export const DSGD_BLOCKS = 8;

/** Training rows per driver step (bucketed into blocks together; Stop is heard between steps). */
export const DSGD_STEP = 131_072;

/**
 * Int32 indices of the control words (each on its own 64-byte line): CTL_JOB the job number (−1:
 * exit); CTL_DIAG, CTL_WANT the job's diagonal and wantObjective; 16 the next block ticket (job j owns
 * tickets (j−1)·B … j·B−1); CTL_FINISHED blocks done (job j is done at j·B); CTL_FAILED 1 when sgdRun
 * threw. CTL_INTS: Int32 words in the control area.
 */
export const CTL_JOB = 0;
/** The job's diagonal d (see CTL_JOB). */
export const CTL_DIAG = 1;
/** The job's wantObjective, 0 or 1 (see CTL_JOB). */
export const CTL_WANT = 2;
/** Blocks finished so far (see CTL_JOB). */
export const CTL_FINISHED = 32;
/** 1 when a block's sgdRun threw (see CTL_JOB). */
export const CTL_FAILED = 48;
/** Int32 words of the control area. */
export const CTL_INTS = 64;

/** Byte offsets and constants the threads share (structured-cloned to the workers). */
export interface DsgdLayout {
  base: number;
  B: number;
  k: number;
  mu: number;
  eta: number;
  lambda: number;
  U: number;
  P: number;
  bu: number;
  bi: number;
  users: number;
  items: number;
  ratings: number;
  weights: number;
  order: number;
  ctrl: number;
  starts: number;
  counts: number;
  res: number;
}

/**
 * Claims and runs blocks of job `job` until its tickets are gone (run by every thread; its source is
 * also the workers'). Self-contained: no closures, no imports, plain JavaScript once types are gone,
 * so the control-word indices are literals: 1 DIAG, 2 WANT, 16 the ticket, 32 FINISHED, 48 FAILED.
 */
export function claimBlocks(ex: SgdExports, L: DsgdLayout, ctl: Int32Array, starts: Int32Array, counts: Int32Array, res: Float64Array, job: number): void {
  const B = L.B;
  const end = job * B;
  for (;;) {
    const t = Atomics.load(ctl, 16);
    if (t >= end) return;
    if (Atomics.compareExchange(ctl, 16, t, t + 1) !== t) continue;
    const g = t - (end - B);
    const want = ctl[2] as number;
    const b = g * B + ((g + (ctl[1] as number)) % B);
    const n = counts[b] as number;
    let sq = 0;
    let obj = 0;
    try {
      if (n > 0) {
        sq = ex.sgdRun(L.order + 4 * (starts[b] as number), n, L.users, L.items, L.ratings, L.weights, L.U, L.P, L.bu, L.bi, L.k, L.mu, L.eta, L.lambda, want);
        if (want !== 0) obj = ex.lastObjective();
      }
    } catch {
      Atomics.store(ctl, 48, 1);
    }
    res[2 * g] = sq;
    res[2 * g + 1] = obj;
    if (Atomics.add(ctl, 32, 1) + 1 === end) Atomics.notify(ctl, 32);
  }
}

/**
 * The worker's program (plain JavaScript, the same text for a browser worker and a Node
 * worker_thread). One message, {type:'init', module, memory, layout} → {ok} or {error}; then the
 * worker never returns to its event loop: it waits for a new job number (spinning on Atomics.load,
 * then sleeping in Atomics.wait), claims the job's block tickets with compareExchange (never past the
 * job's last, so a late thread claims nothing of a later job), runs each block, stores its sums in
 * the block's slot and counts it finished. The Atomics give the happens-before edges: a job's
 * parameters are written before its number is published; everything a block's sgdRun wrote is
 * visible to whoever sees it counted, and so to the next diagonal's threads.
 */
export const DSGD_WORKER_SOURCE = `
const wt = typeof process !== 'undefined' && process.versions && process.versions.node ? require('node:worker_threads') : null;
const post = wt ? (m) => wt.parentPort.postMessage(m) : (m) => self.postMessage(m);
const claimBlocks = (${claimBlocks.toString()});
function serve(ex, L, ctl, starts, counts, res) {
  let seen = 0;
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, ${CTL_JOB}) === seen) {
      if (++spins > ${SPIN_POLLS}) {
        Atomics.wait(ctl, ${CTL_JOB}, seen);
        spins = 0;
      }
    }
    seen = Atomics.load(ctl, ${CTL_JOB});
    if (seen < 0) return;
    claimBlocks(ex, L, ctl, starts, counts, res, seen);
  }
}
function handle(m) {
  WebAssembly.instantiate(m.module, { env: { memory: m.memory } }).then((inst) => {
    const ex = inst.exports;
    const L = m.layout;
    if (ex.heapBase() > L.base) {
      post({ error: 'kernel static data above ' + L.base });
      return;
    }
    post({ ok: true });
    const buf = m.memory.buffer;
    serve(ex, L, new Int32Array(buf, L.ctrl, ${CTL_INTS}), new Int32Array(buf, L.starts, L.B * L.B), new Int32Array(buf, L.counts, L.B * L.B), new Float64Array(buf, L.res, 2 * L.B));
  }, (e) => post({ error: String((e && e.message) || e) }));
}
if (wt) wt.parentPort.once('message', handle);
else self.onmessage = (e) => handle(e.data);
`;

/**
 * Splits ids 0…n−1 into `groups` groups of about equal rating count: ids by count, most first (ties by
 * id), each to the lightest group so far (ties: the lowest group). Deterministic.
 */
export function balancedGroups(ids: Int32Array, rows: Int32Array, n: number, groups: number): Uint8Array {
  const count = new Int32Array(n);
  for (let j = 0; j < rows.length; j++) count[ids[rows[j] as number] as number]!++;
  const byCount = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => (count[b] as number) - (count[a] as number) || a - b);
  const load = new Float64Array(groups);
  const out = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const id = byCount[j] as number;
    let g = 0;
    for (let h = 1; h < groups; h++) if ((load[h] as number) < (load[g] as number)) g = h;
    out[id] = g;
    load[g] = (load[g] as number) + (count[id] as number);
  }
  return out;
}

/**
 * Every row's block, user group · B + item group, with the groups balanced on the rating counts of
 * `trainRows` (computed once: bucketing a step then reads one number per row).
 */
export function rowBlocks(users: Int32Array, items: Int32Array, trainRows: Int32Array, nUsers: number, nItems: number, B: number): Uint16Array {
  const userGroup = balancedGroups(users, trainRows, nUsers, B);
  const itemGroup = balancedGroups(items, trainRows, nItems, B);
  const n = users.length;
  const rowBlock = new Uint16Array(n);
  for (let r = 0; r < n; r++) rowBlock[r] = (userGroup[users[r] as number] as number) * B + (itemGroup[items[r] as number] as number);
  return rowBlock;
}

/**
 * Buckets a step's rows `part` stably into the B×B blocks (`blocks` = B·B): each block's rows go to
 * `order` from `starts[b]` on, `counts[b]` of them, in their order in `part`. `blockOf` (≥ part.length)
 * and `fill` (B·B) are scratch. No job may be running.
 */
export function bucketStep(
  part: Int32Array,
  rowBlock: Uint16Array,
  blocks: number,
  order: Int32Array,
  starts: Int32Array,
  counts: Int32Array,
  blockOf: Uint16Array,
  fill: Int32Array,
): void {
  counts.fill(0);
  for (let j = 0; j < part.length; j++) {
    const b = rowBlock[part[j] as number] as number;
    blockOf[j] = b;
    counts[b]!++;
  }
  for (let b = 0, at = 0; b < blocks; b++) {
    starts[b] = at;
    fill[b] = at;
    at += counts[b] as number;
  }
  for (let j = 0; j < part.length; j++) order[fill[blockOf[j] as number]!++] = part[j] as number;
}
