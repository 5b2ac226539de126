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
import { readTfjsAdamState, writeTfjsAdamState } from './tfjsAdamState';
import { createPipelinedMinimizer, readMfTables, tfjsMemory, tfOptimizer, tfVariable } from './tfjsSteps';
import type { TrainParams } from './params';
import type { OptimizerState, TrainHooks } from './trainHooks';

type Tf = typeof tfType;

/**
 * Same model, objective, optimizers, split and batches as trainMfCpu (see there for the equations):
 * tf.variable tables (biases 1-D), tf.gather, `optimizer.minimize(() => L_B)` with μ a fixed scalar.
 * tfjs's gather gradient is dense, so every step touches whole tables (and Adam is dense anyway).
 * At the end of each epoch the tables are read back (copied into new Float32Arrays) and validation
 * RMSE/MAE computed in JS with predictRating, as for every backend. Disposes everything it creates:
 * tf.memory().numTensors after return equals the count before. Reports numTensors/numBytes per epoch.
 * `backendName` is only the label put in EpochReport (default tf.getBackend()). `weights` (one per
 * row, optional) weigh each rating's squared error in the minimized loss, as in trainMfCpu.
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
  weights: Float32Array | null = null,
): Promise<MfModel> {
  const setup = prepareTraining(data, nUsers, nItems, params, { rows, resume: hooks.resume, weights });
  const label = backendName ?? (tf.getBackend() as BackendName);
  await tf.ready();
  const init = setup.model;
  const k = init.factors;
  const vars = {
    userFactors: tfVariable(tf, init.userFactors, [nUsers, k]),
    itemFactors: tfVariable(tf, init.itemFactors, [nItems, k]),
    userBias: tfVariable(tf, init.userBias, [nUsers]),
    itemBias: tfVariable(tf, init.itemBias, [nItems]),
  };
  const mu = tf.scalar(init.mu);
  const lambda = tf.scalar(params.regularization);
  const varList = [vars.userFactors, vars.itemFactors, vars.userBias, vars.itemBias];
  const optimizer = tfOptimizer(tf, params.optimizer, params.learningRate);
  const minimizer = createPipelinedMinimizer(tf, optimizer, varList);

  const runner: StepRunner = {
    step(rows: Int32Array, _t: number, wantLoss: boolean): number | undefined | Promise<number | undefined> {
      const { users: u, items: i, ratings: r } = pickRows(data, rows);
      const w = weights === null ? null : Float32Array.from(rows, (row) => weights[row] as number);
      return minimizer.step(() => {
        const uIdx = tf.tensor1d(u, 'int32');
        const iIdx = tf.tensor1d(i, 'int32');
        const target = tf.tensor1d(r, 'float32');
        const q = tf.gather(vars.userFactors, uIdx);
        const p = tf.gather(vars.itemFactors, iIdx);
        const bU = tf.gather(vars.userBias, uIdx);
        const bI = tf.gather(vars.itemBias, iIdx);
        const pred = tf.add(tf.add(tf.add(mu, bU), bI), tf.sum(tf.mul(q, p), 1));
        const err = tf.sub(pred, target);
        const squared = tf.square(err);
        const dataTerm = tf.sum(squared) as tfType.Scalar;
        // w_ui·e² when weighted (the epoch's reported MSE stays unweighted, as on the CPU)
        const fitTerm = w === null ? dataTerm : tf.sum(tf.mul(tf.tensor1d(w, 'float32'), squared));
        const reg = tf.add(tf.add(tf.sum(tf.square(q)), tf.sum(tf.square(p))), tf.add(tf.sum(tf.square(bU)), tf.sum(tf.square(bI))));
        return { cost: tf.add(fitTerm, tf.mul(lambda, reg)) as tfType.Scalar, epochTerm: dataTerm };
      }, wantLoss);
    },
    takeEpochSqErr: () => minimizer.takeEpochSum(),
    snapshot: (): Promise<MfModel> => readMfTables(varList, { nUsers, nItems, factors: k, mu: init.mu }),
    memory: () => tfjsMemory(tf),
    ...(params.optimizer === 'adam'
      ? {
          async optimizerState(): Promise<OptimizerState> {
            await minimizer.settle();
            return readTfjsAdamState(optimizer, varList.length);
          },
          // iterations: the steps run so far (its bias correction), as the uninterrupted run would have counted
          setOptimizerState: (state: OptimizerState) => writeTfjsAdamState(tf, optimizer, varList, state, setup.startEpoch * Math.ceil(setup.train.length / params.batchSize)),
        }
      : {}),
  };

  try {
    return await runTraining(data, setup, params, hooks, label, runner);
  } finally {
    await minimizer.dispose();
    mu.dispose();
    lambda.dispose();
  }
}
