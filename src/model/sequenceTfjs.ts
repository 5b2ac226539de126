/**
 * The next-item sequence model on a tfjs backend (webgpu / webgl; tfjs's own cpu backend only in
 * tests — it takes minutes per step there). The same network, loss, batches and Adam as the
 * plain-JS runner (src/math/sequence, sequenceTrainer.ts), written with tfjs ops and autodiff.
 * Must not run concurrently with other tfjs work.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { SeqBatch, SeqWeights } from '../math/sequence';
import { SEQ_WEIGHT_KEYS, batchPositions, gateCount, shapeOf } from '../math/sequence';
import { readTfjsAdamState, writeTfjsAdamState } from './tfjsAdamState';
import { tfOptimizer, tfVariable } from './tfjsSteps';
import type { SequenceStepRunner, SequenceTrainParams } from './sequenceTrainer';

type Tf = typeof tfType;

/** The model's tables as tensors: E [n,d], W_x [d,GH], W_h [H,GH], b [GH], O [n,H], c [n]. */
export type SeqTensors = Record<(typeof SEQ_WEIGHT_KEYS)[number], tfType.Tensor>;

/** Added to the logit of a negative that equals the position's target (exp of it is 0 in float32). */
const MASKED_LOGIT = -1e9;

/** A batch as tensors, time-major: row t·n + s is sequence s's input at step t (padded with item 0). */
interface BatchTensors {
  n: number;
  steps: number;
  inputs: tfType.Tensor1D;
  targets: tfType.Tensor1D;
  /** 1 at real positions, 0 at padding. */
  mask: tfType.Tensor1D;
  negatives: tfType.Tensor1D | null;
  positions: number;
}

function batchTensors(tf: Tf, batch: SeqBatch): BatchTensors {
  const seqs = batch.sequences.filter((s) => s.length >= 2);
  const n = seqs.length;
  let steps = 0;
  for (const s of seqs) steps = Math.max(steps, s.length - 1);
  const inputs = new Int32Array(steps * n);
  const targets = new Int32Array(steps * n);
  const mask = new Float32Array(steps * n);
  seqs.forEach((s, j) => {
    for (let t = 0; t < s.length - 1; t++) {
      inputs[t * n + j] = s[t]!;
      targets[t * n + j] = s[t + 1]!;
      mask[t * n + j] = 1;
    }
  });
  return {
    n,
    steps,
    inputs: tf.tensor1d(inputs, 'int32'),
    targets: tf.tensor1d(targets, 'int32'),
    mask: tf.tensor1d(mask, 'float32'),
    negatives: batch.negatives.length > 0 ? tf.tensor1d(batch.negatives, 'int32') : null,
    positions: batchPositions({ sequences: seqs, negatives: batch.negatives }),
  };
}

/**
 * L_B of src/math/sequence/loss.ts (batchLoss) as a tfjs scalar: the mean next-item
 * cross-entropy over the batch's real positions (full softmax, or the target against the shared
 * negatives with accidental hits masked). Call inside tf.tidy / optimizer.minimize.
 */
function lossOf(tf: Tf, w: SeqTensors, shape: { cell: SeqWeights['cell']; hiddenSize: number }, bt: BatchTensors): tfType.Scalar {
  const H = shape.hiddenSize;
  const GH = gateCount(shape.cell) * H;
  const { n, steps } = bt;
  const xw = tf.add(tf.matMul(tf.gather(w.embedding, bt.inputs), w.wx), w.b) as tfType.Tensor2D; // [steps·n, GH]
  let h = tf.zeros([n, H]) as tfType.Tensor2D;
  let c = tf.zeros([n, H]) as tfType.Tensor2D;
  const hs: tfType.Tensor2D[] = [];
  if (shape.cell === 'gru') {
    const whZr = tf.slice(w.wh, [0, 0], [H, 2 * H]);
    const whN = tf.slice(w.wh, [0, 2 * H], [H, H]);
    for (let t = 0; t < steps; t++) {
      const xt = tf.slice(xw, [t * n, 0], [n, GH]);
      const zr = tf.sigmoid(tf.add(tf.slice(xt, [0, 0], [n, 2 * H]), tf.matMul(h, whZr)));
      const z = tf.slice(zr, [0, 0], [n, H]);
      const r = tf.slice(zr, [0, H], [n, H]);
      const cand = tf.tanh(tf.add(tf.slice(xt, [0, 2 * H], [n, H]), tf.matMul(tf.mul(r, h), whN)));
      h = tf.add(tf.mul(tf.sub(1, z), h), tf.mul(z, cand)) as tfType.Tensor2D;
      hs.push(h);
    }
  } else {
    for (let t = 0; t < steps; t++) {
      const a = tf.add(tf.slice(xw, [t * n, 0], [n, GH]), tf.matMul(h, w.wh));
      const i = tf.sigmoid(tf.slice(a, [0, 0], [n, H]));
      const f = tf.sigmoid(tf.slice(a, [0, H], [n, H]));
      const g = tf.tanh(tf.slice(a, [0, 2 * H], [n, H]));
      const o = tf.sigmoid(tf.slice(a, [0, 3 * H], [n, H]));
      c = tf.add(tf.mul(f, c), tf.mul(i, g)) as tfType.Tensor2D;
      h = tf.mul(o, tf.tanh(c)) as tfType.Tensor2D;
      hs.push(h);
    }
  }
  const all = tf.concat(hs, 0); // [steps·n, H], time-major like the targets
  const pos = tf.add(tf.sum(tf.mul(all, tf.gather(w.out, bt.targets)), 1), tf.gather(w.outBias, bt.targets));
  let lse: tfType.Tensor;
  if (bt.negatives === null) {
    lse = tf.logSumExp(tf.add(tf.matMul(all, w.out, false, true), w.outBias), 1);
  } else {
    const hit = tf.equal(tf.expandDims(bt.targets, 1), tf.expandDims(bt.negatives, 0));
    const neg = tf.add(tf.add(tf.matMul(all, tf.gather(w.out, bt.negatives), false, true), tf.gather(w.outBias, bt.negatives)), tf.mul(tf.cast(hit, 'float32'), MASKED_LOGIT));
    lse = tf.logSumExp(tf.concat([tf.expandDims(pos, 1), neg], 1), 1);
  }
  return tf.div(tf.sum(tf.mul(tf.sub(lse, pos), bt.mask)), bt.positions) as tfType.Scalar;
}

function disposeBatch(bt: BatchTensors): void {
  bt.inputs.dispose();
  bt.targets.dispose();
  bt.mask.dispose();
  bt.negatives?.dispose();
}

/** L_B (the mean next-item cross-entropy) of `batch` for `weights`, computed with tfjs ops; for parity tests. */
export async function sequenceLossTfjs(tf: Tf, weights: SeqWeights, batch: SeqBatch): Promise<number> {
  const bt = batchTensors(tf, batch);
  const w = {} as SeqTensors;
  for (const key of SEQ_WEIGHT_KEYS) w[key] = tf.tensor(weights[key], tableShape(weights, key), 'float32');
  try {
    const loss = tf.tidy(() => lossOf(tf, w, weights, bt));
    const v = (await loss.data())[0] as number;
    loss.dispose();
    return v;
  } finally {
    disposeBatch(bt);
    for (const key of SEQ_WEIGHT_KEYS) w[key].dispose();
  }
}

/** The tensor shape of one table. */
function tableShape(s: SeqWeights, key: (typeof SEQ_WEIGHT_KEYS)[number]): number[] {
  const { nItems: n, embeddingDim: d, hiddenSize: H } = s;
  const GH = gateCount(s.cell) * H;
  switch (key) {
    case 'embedding':
      return [n, d];
    case 'wx':
      return [d, GH];
    case 'wh':
      return [H, GH];
    case 'b':
      return [GH];
    case 'out':
      return [n, H];
    case 'outBias':
      return [n];
  }
}

/**
 * A runner on the current tfjs backend: tf.variable tables from `init`, `optimizer.minimize(L_B)`
 * with tfjs's Adam (same constants as the plain-JS Adam). Every step reads its loss back (one small
 * read per step; steps are few and large). optimizerState() / setOptimizerState() read and set
 * Adam's moments (checkpoints). dispose() frees the variables and the optimizer.
 */
export function createSequenceTfjsRunner(tf: Tf, init: SeqWeights, params: SequenceTrainParams): SequenceStepRunner {
  const w = {} as SeqTensors;
  const vars: tfType.Variable[] = [];
  for (const key of SEQ_WEIGHT_KEYS) {
    const v = tfVariable(tf, init[key], tableShape(init, key));
    w[key] = v;
    vars.push(v);
  }
  const optimizer = tfOptimizer(tf, 'adam', params.learningRate);
  const shape = shapeOf(init);
  return {
    async step(batch) {
      const bt = batchTensors(tf, batch);
      if (bt.positions === 0) {
        disposeBatch(bt);
        return 0;
      }
      let cost: tfType.Scalar | null = null;
      try {
        cost = tf.tidy(() => {
          const c = optimizer.minimize(() => lossOf(tf, w, shape, bt), true, vars);
          if (c === null) throw new Error('optimizer.minimize returned no cost');
          return c;
        });
        const mean = (await cost.data())[0] as number;
        return mean * bt.positions;
      } finally {
        cost?.dispose();
        disposeBatch(bt);
      }
    },
    async weights() {
      const out = { ...shape } as SeqWeights;
      for (const key of SEQ_WEIGHT_KEYS) out[key] = Float32Array.from((await w[key].data()) as Float32Array);
      return out;
    },
    memory() {
      const m = tf.memory();
      return { tensors: m.numTensors, bytes: m.numBytes };
    },
    optimizerState: () => readTfjsAdamState(optimizer, vars.length),
    setOptimizerState: (state, stepsDone) => writeTfjsAdamState(tf, optimizer, vars, state, stepsDone),
    dispose() {
      optimizer.dispose();
      for (const v of vars) v.dispose();
    },
  };
}
