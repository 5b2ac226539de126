/**
 * The same BPR-MF model, sampler and loop as bprCpuTrainer, on the current tfjs backend (webgpu /
 * webgl; tfjs's own cpu backend only in tests). Must not run concurrently with other tfjs work.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { BprModel } from '../math/bpr';
import type { Csr } from '../math/sparse';
import type { BackendName } from './backend';
import { prepareBprTraining, runBprTraining } from './bprSampling';
import type { BprBatch, BprStepRunner, BprTrainParams } from './bprSampling';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';
import type { TrainHooks } from './trainHooks';

type Tf = typeof tfType;

/**
 * Same model, objective, optimizers, initial tables and triples as trainBprCpu (see there for the
 * equations), on tfjs (see createBprTfjsRunner). Disposes everything it creates:
 * tf.memory().numTensors after return equals the count before. Reports numTensors/numBytes per
 * epoch. `backendName` is only the label put in EpochReport (default tf.getBackend()).
 */
export async function trainBprTfjs(
  tf: Tf,
  byUser: Csr,
  params: BprTrainParams,
  hooks: TrainHooks = {},
  backendName?: BackendName,
): Promise<BprModel> {
  const setup = prepareBprTraining(byUser, params);
  const label = backendName ?? (tf.getBackend() as BackendName);
  await tf.ready();
  const { runner, dispose } = createBprTfjsRunner(tf, setup.model, params);
  try {
    return await runBprTraining(setup, params, hooks, label, runner);
  } finally {
    await dispose();
  }
}

/**
 * The tfjs step, starting from `init`'s tables (copied into tf.variables; `init` is not changed):
 * tf.gather of the batch's rows and `optimizer.minimize(() => L_B)` with
 * `L_B = Σ_B softplus(−x̂_uij) + (λ/2) Σ_B (‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²)`
 * (softplus(−x) = −ln σ(x)). tfjs's gather gradient is dense, so every step touches whole tables
 * (and Adam is dense anyway). `dispose()` waits for the last read and frees every tensor it made.
 * Exported for the one-step parity tests.
 */
export function createBprTfjsRunner(tf: Tf, init: BprModel, params: BprTrainParams): { runner: BprStepRunner; dispose(): Promise<void> } {
  const { nUsers, nItems, factors: k } = init;
  const makeVariable = (values: Float32Array, shape: number[]): tfType.Variable => {
    const initial = tf.tensor(values, shape, 'float32');
    const v = tf.variable(initial, true);
    initial.dispose(); // the variable holds its own reference to the data
    return v;
  };
  const vars = {
    userFactors: makeVariable(init.userFactors, [nUsers, k]),
    itemFactors: makeVariable(init.itemFactors, [nItems, k]),
    itemBias: makeVariable(init.itemBias, [nItems]),
  };
  const halfLambda = tf.scalar(params.regularization / 2);
  const optimizer =
    params.optimizer === 'adam'
      ? tf.train.adam(params.learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON)
      : tf.train.sgd(params.learningRate);
  let epochLoss: tfType.Scalar = tf.scalar(0);
  /** The last step's pending cost read (its cost tensor is disposed when the read resolves). */
  let pending: Promise<void> | null = null;
  const settle = async (): Promise<void> => {
    const p = pending;
    pending = null;
    if (p !== null) await p;
  };
  const varList = [vars.userFactors, vars.itemFactors, vars.itemBias];

  const runner: BprStepRunner = {
    step(batch: BprBatch, _t: number, wantLoss: boolean): number | undefined | Promise<number | undefined> {
      const n = batch.size;
      let dataLoss: tfType.Scalar | null = null;
      const cost: tfType.Scalar = tf.tidy((): tfType.Scalar => {
        // tensor1d copies: the batch buffers are refilled for the next step
        const uIdx = tf.tensor1d(batch.users.subarray(0, n), 'int32');
        const iIdx = tf.tensor1d(batch.pos.subarray(0, n), 'int32');
        const jIdx = tf.tensor1d(batch.neg.subarray(0, n), 'int32');
        const c = optimizer.minimize(
          () => {
            const q = tf.gather(vars.userFactors, uIdx);
            const pi = tf.gather(vars.itemFactors, iIdx);
            const pj = tf.gather(vars.itemFactors, jIdx);
            const bi = tf.gather(vars.itemBias, iIdx);
            const bj = tf.gather(vars.itemBias, jIdx);
            const x = tf.add(tf.sub(bi, bj), tf.sum(tf.mul(q, tf.sub(pi, pj)), 1));
            const data = tf.sum(tf.softplus(tf.neg(x)));
            dataLoss = tf.keep(data.clone()) as tfType.Scalar;
            const reg = tf.addN([tf.sum(tf.square(q)), tf.sum(tf.square(pi)), tf.sum(tf.square(pj)), tf.sum(tf.square(bi)), tf.sum(tf.square(bj))]);
            return tf.add(data, tf.mul(halfLambda, reg)) as tfType.Scalar;
          },
          true,
          varList,
        );
        if (c === null) throw new Error('optimizer.minimize returned no cost');
        return c;
      });
      const kept = dataLoss as tfType.Scalar | null;
      if (kept !== null) {
        const next = tf.add(epochLoss, kept) as tfType.Scalar;
        epochLoss.dispose();
        kept.dispose();
        epochLoss = next;
      }
      const read = cost.data().then((v) => {
        cost.dispose();
        return v[0] as number;
      });
      if (wantLoss) return read;
      // Pipelining: wait for the PREVIOUS step's result, so the device has at most about two steps
      // queued and a cancel between steps takes effect promptly even on slow backends.
      const previous = pending;
      pending = read.then(() => undefined);
      return previous === null ? undefined : previous.then(() => undefined);
    },
    async takeEpochLoss(): Promise<number> {
      await settle();
      const v = (await epochLoss.data())[0] as number;
      const zero = tf.scalar(0);
      epochLoss.dispose();
      epochLoss = zero;
      return v;
    },
    async snapshot(): Promise<BprModel> {
      const [uf, itf, ib] = await Promise.all(varList.map((v) => v.data<'float32'>()));
      return {
        nUsers,
        nItems,
        factors: k,
        // copies: the buffers data() returns belong to tfjs's cache
        userFactors: Float32Array.from(uf as Float32Array),
        itemFactors: Float32Array.from(itf as Float32Array),
        itemBias: Float32Array.from(ib as Float32Array),
      };
    },
    memory() {
      const m = tf.memory();
      return { tensors: m.numTensors, bytes: m.numBytes };
    },
  };

  return {
    runner,
    async dispose() {
      await settle().catch(() => {});
      optimizer.dispose();
      for (const v of varList) v.dispose();
      halfLambda.dispose();
      epochLoss.dispose();
    },
  };
}
