/**
 * The same biased-MF model and loop as cpuTrainer, on the current tfjs backend (webgpu / webgl;
 * tfjs's own cpu backend only in tests). Must not run concurrently with other tfjs work.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { RatingsColumns } from '../data/types';
import { pickRows } from '../data/columns';
import type { MfModel } from '../math/mf';
import type { BackendName } from './backend';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { runTraining } from './loop';
import type { StepRunner } from './loop';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';
import type { TrainParams } from './params';
import type { TrainHooks } from './trainHooks';

type Tf = typeof tfType;

/**
 * Same model, objective, optimizers, split and batches as trainMfCpu (see there for the equations):
 * tf.variable tables (biases 1-D), tf.gather, `optimizer.minimize(() => L_B)` with μ a fixed scalar.
 * tfjs's gather gradient is dense, so every step touches whole tables (and Adam is dense anyway).
 * At the end of each epoch the tables are read back (copied into new Float32Arrays) and validation
 * RMSE/MAE computed in JS with predictRating, as for every backend. Disposes everything it creates:
 * tf.memory().numTensors after return equals the count before. Reports numTensors/numBytes per epoch.
 * `backendName` is only the label put in EpochReport (default tf.getBackend()).
 */
export async function trainMfTfjs(
  tf: Tf,
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  hooks: TrainHooks = {},
  backendName?: BackendName,
  rows?: TrainingRows,
): Promise<MfModel> {
  const setup = prepareTraining(data, nUsers, nItems, params, rows);
  const label = backendName ?? (tf.getBackend() as BackendName);
  await tf.ready();
  const init = setup.model;
  const k = init.factors;
  const makeVariable = (values: Float32Array, shape: number[]): tfType.Variable => {
    const initial = tf.tensor(values, shape, 'float32');
    const v = tf.variable(initial, true);
    initial.dispose(); // the variable holds its own reference to the data
    return v;
  };
  const vars = {
    userFactors: makeVariable(init.userFactors, [nUsers, k]),
    itemFactors: makeVariable(init.itemFactors, [nItems, k]),
    userBias: makeVariable(init.userBias, [nUsers]),
    itemBias: makeVariable(init.itemBias, [nItems]),
  };
  const mu = tf.scalar(init.mu);
  const lambda = tf.scalar(params.regularization);
  const optimizer =
    params.optimizer === 'adam'
      ? tf.train.adam(params.learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON)
      : tf.train.sgd(params.learningRate);
  let epochSqErr: tfType.Scalar = tf.scalar(0);
  /** The last step's pending cost read (its cost tensor is disposed when the read resolves). */
  let pending: Promise<void> | null = null;
  const settle = async (): Promise<void> => {
    const p = pending;
    pending = null;
    if (p !== null) await p;
  };
  const varList = [vars.userFactors, vars.itemFactors, vars.userBias, vars.itemBias];

  const runner: StepRunner = {
    step(rows: Int32Array, _t: number, wantLoss: boolean): number | undefined | Promise<number | undefined> {
      const { users: u, items: i, ratings: r } = pickRows(data, rows);
      let sqErr: tfType.Scalar | null = null;
      const cost: tfType.Scalar = tf.tidy((): tfType.Scalar => {
        const uIdx = tf.tensor1d(u, 'int32');
        const iIdx = tf.tensor1d(i, 'int32');
        const target = tf.tensor1d(r, 'float32');
        const c = optimizer.minimize(
          () => {
            const q = tf.gather(vars.userFactors, uIdx);
            const p = tf.gather(vars.itemFactors, iIdx);
            const bU = tf.gather(vars.userBias, uIdx);
            const bI = tf.gather(vars.itemBias, iIdx);
            const pred = tf.add(tf.add(tf.add(mu, bU), bI), tf.sum(tf.mul(q, p), 1));
            const err = tf.sub(pred, target);
            const data = tf.sum(tf.square(err));
            sqErr = tf.keep(data.clone()) as tfType.Scalar;
            const reg = tf.add(tf.add(tf.sum(tf.square(q)), tf.sum(tf.square(p))), tf.add(tf.sum(tf.square(bU)), tf.sum(tf.square(bI))));
            return tf.add(data, tf.mul(lambda, reg)) as tfType.Scalar;
          },
          true,
          varList,
        );
        if (c === null) throw new Error('optimizer.minimize returned no cost');
        return c;
      });
      const kept = sqErr as tfType.Scalar | null;
      if (kept !== null) {
        const next = tf.add(epochSqErr, kept) as tfType.Scalar;
        epochSqErr.dispose();
        kept.dispose();
        epochSqErr = next;
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
    async takeEpochSqErr(): Promise<number> {
      await settle();
      const v = (await epochSqErr.data())[0] as number;
      const zero = tf.scalar(0);
      epochSqErr.dispose();
      epochSqErr = zero;
      return v;
    },
    async snapshot(): Promise<MfModel> {
      const [uf, itf, ub, ib] = await Promise.all(varList.map((v) => v.data<'float32'>()));
      return {
        nUsers,
        nItems,
        factors: k,
        mu: init.mu,
        // copies: the buffers data() returns belong to tfjs's cache
        userFactors: Float32Array.from(uf as Float32Array),
        itemFactors: Float32Array.from(itf as Float32Array),
        userBias: Float32Array.from(ub as Float32Array),
        itemBias: Float32Array.from(ib as Float32Array),
      };
    },
    memory() {
      const m = tf.memory();
      return { tensors: m.numTensors, bytes: m.numBytes };
    },
  };

  try {
    return await runTraining(data, setup, params, hooks, label, runner);
  } finally {
    await settle().catch(() => {});
    optimizer.dispose();
    for (const v of varList) v.dispose();
    mu.dispose();
    lambda.dispose();
    epochSqErr.dispose();
  }
}
