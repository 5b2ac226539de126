/**
 * The neural recommenders' network on a tfjs backend (webgpu / webgl; tfjs's own cpu backend only
 * in tests): the same parameters, forward pass and losses as src/math/neural, trained with tfjs's
 * (dense) Adam. Must not run concurrently with other tfjs work.
 */
import type * as tfType from '@tensorflow/tfjs';
import { parameterList } from '../math/neural/weights';
import type { NeuralSpec, NeuralWeights } from '../math/neural/weights';
import type { NeuralBatch, NeuralLoss } from '../math/neural/loss';
import type { NeuralStepper } from './neuralTrainer';
import { readTfjsAdamState, writeTfjsAdamState } from './tfjsAdamState';
import { createPipelinedMinimizer, tfOptimizer, tfVariable } from './tfjsSteps';

type Tf = typeof tfType;

/**
 * The logits z of a batch from the parameter tensors in parameterList order:
 * `x = concat(gather(H_U, u), gather(H_I, i))`, `x ← relu(x·W_l + b_l)` per hidden layer, then
 * (NeuMF) `x ← concat(x, gather(P, u) ⊙ gather(Q, i))`, and `z = x·w + b`, shape [B].
 */
export function neuralLogitsTfjs(tf: Tf, spec: NeuralSpec, params: readonly tfType.Tensor[], users: tfType.Tensor1D, items: tfType.Tensor1D): tfType.Tensor1D {
  let p = 0;
  const next = (): tfType.Tensor => {
    const t = params[p++];
    if (t === undefined) throw new Error(`neuralLogitsTfjs: expected more parameter tensors than ${params.length}`);
    return t;
  };
  const userEmb = next();
  const itemEmb = next();
  const gmf = spec.gmfDim > 0 ? { user: next(), item: next() } : null;
  let x: tfType.Tensor = tf.concat([tf.gather(userEmb, users), tf.gather(itemEmb, items)], 1);
  for (let l = 0; l < spec.hidden.length; l++) {
    const W = next();
    const b = next();
    x = tf.relu(tf.add(tf.matMul(x as tfType.Tensor2D, W as tfType.Tensor2D), b));
  }
  if (gmf) x = tf.concat([x, tf.mul(tf.gather(gmf.user, users), tf.gather(gmf.item, items))], 1);
  const w = next();
  const b = next();
  return tf.reshape(tf.add(tf.matMul(x as tfType.Tensor2D, w as tfType.Tensor2D), b), [-1]) as tfType.Tensor1D;
}

/**
 * The mean loss of logits z against labels y: BCE `mean(max(z, 0) − z·y + ln(1 + e^{−|z|}))`
 * (= −mean[y ln σ(z) + (1−y) ln(1−σ(z))]) or MSE `mean((σ(z) − y)²)`.
 */
export function neuralLossTfjs(tf: Tf, z: tfType.Tensor1D, y: tfType.Tensor1D, loss: NeuralLoss): tfType.Scalar {
  if (loss === 'mse') return tf.mean(tf.square(tf.sub(tf.sigmoid(z), y)));
  return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
}

/** The batch's mean loss and its gradient for every parameter (parameterList order), on the current tfjs backend. */
export async function neuralLossAndGradientsTfjs(tf: Tf, w: NeuralWeights, batch: NeuralBatch, loss: NeuralLoss): Promise<{ loss: number; grads: Float32Array[] }> {
  const tensors = parameterList(w).map((p) => tf.tensor(p.values, p.shape, 'float32'));
  const users = tf.tensor1d(batch.users, 'int32');
  const items = tf.tensor1d(batch.items, 'int32');
  const labels = tf.tensor1d(batch.labels, 'float32');
  try {
    const { value, grads } = tf.valueAndGrads((...ts: tfType.Tensor[]) => neuralLossTfjs(tf, neuralLogitsTfjs(tf, w.spec, ts, users, items), labels, loss))(tensors);
    const out = { loss: (await value.data())[0] as number, grads: await Promise.all(grads.map(async (g) => Float32Array.from(await g.data<'float32'>()))) };
    value.dispose();
    tf.dispose(grads);
    return out;
  } finally {
    tf.dispose([...tensors, users, items, labels]);
  }
}

/**
 * A tfjs stepper: the weights as tf.variables, `optimizer.minimize` of the mean batch loss with
 * tfOptimizer's Adam (β1 0.9, β2 0.999, ε 1e-8, the same as NEURAL_ADAM of the plain-JS trainer: dense,
 * every row of every table moves every step), through createPipelinedMinimizer. The
 * epoch's Σ loss is accumulated on the device and read once per epoch; steps are pipelined (at most
 * about two queued) unless the caller wants each step's loss. snapshot() downloads copies of the
 * weights; optimizerState() / setOptimizerState() read and set Adam's moments (checkpoints).
 * dispose() frees every tensor it created.
 */
export function createNeuralTfjsStepper(tf: Tf, weights: NeuralWeights, learningRate: number, loss: NeuralLoss): NeuralStepper {
  const spec = weights.spec;
  const list = parameterList(weights);
  const vars = list.map((p) => tfVariable(tf, p.values, p.shape));
  const optimizer = tfOptimizer(tf, 'adam', learningRate);
  const minimizer = createPipelinedMinimizer(tf, optimizer, vars);
  return {
    step(batch: NeuralBatch, wantLoss: boolean) {
      const n = batch.users.length;
      return minimizer.step(
        () => {
          const users = tf.tensor1d(batch.users, 'int32');
          const items = tf.tensor1d(batch.items, 'int32');
          const labels = tf.tensor1d(batch.labels, 'float32');
          const cost = neuralLossTfjs(tf, neuralLogitsTfjs(tf, spec, vars, users, items), labels, loss);
          return { cost, epochTerm: tf.mul(cost, n) as tfType.Scalar };
        },
        wantLoss,
        n,
      );
    },
    takeEpochLoss: () => minimizer.takeEpochSum(),
    async snapshot() {
      await minimizer.settle();
      const arrays = await Promise.all(vars.map(async (v) => Float32Array.from(await v.data<'float32'>())));
      let p = 0;
      const take = (): Float32Array => arrays[p++] ?? new Float32Array(0);
      const userEmb = take();
      const itemEmb = take();
      const userGmf = spec.gmfDim > 0 ? take() : new Float32Array(0);
      const itemGmf = spec.gmfDim > 0 ? take() : new Float32Array(0);
      const dense = weights.dense.map((l) => ({ inputs: l.inputs, outputs: l.outputs, W: take(), b: take() }));
      return { spec: { ...spec, hidden: [...spec.hidden] }, userEmb, itemEmb, userGmf, itemGmf, dense };
    },
    memory() {
      const m = tf.memory();
      return { tensors: m.numTensors, bytes: m.numBytes };
    },
    async optimizerState() {
      await minimizer.settle();
      return readTfjsAdamState(optimizer, vars.length);
    },
    setOptimizerState: (state, stepsDone) => writeTfjsAdamState(tf, optimizer, vars, state, stepsDone),
    dispose: () => minimizer.dispose(),
  };
}
