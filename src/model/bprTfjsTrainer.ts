/**
 * The same BPR-MF model, sampler and loop as bprCpuTrainer, on the current tfjs backend (webgpu /
 * webgl; tfjs's own cpu backend only in tests). Must not run concurrently with other tfjs work.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { BprModel } from '../math/bpr';
import type { Csr } from '../math/sparse';
import type { BackendName } from './backend';
import type { BprBatch } from './bprSampling';
import { runBprTraining } from './bprTrainingLoop';
import type { BprStepRunner } from './bprTrainingLoop';
import { prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from './bprTrainingSetup';
import { createPipelinedMinimizer, tfOptimizer, tfVariable } from './tfjsSteps';
import type { OptimizerState, TrainHooks } from './trainHooks';
import { readTfjsAdamState, writeTfjsAdamState } from './tfjsAdamState';

type Tf = typeof tfType;

/**
 * Same model, objective, optimizers, initial tables and triples as trainBprCpu (see there for the
 * equations), on tfjs (see createBprTfjsRunner). Disposes everything it creates:
 * tf.memory().numTensors after return equals the count before. Reports numTensors/numBytes per
 * epoch. `backendName` is only the label put in EpochReport (default tf.getBackend()). Checkpoints
 * and resumes as trainBprCpu; a resumed run ends within float32 rounding of an uninterrupted one
 * (tfjs's Adam restores β^t as a power where the uninterrupted run multiplied it up).
 */
export async function trainBprTfjs(
  tf: Tf,
  byUser: Csr,
  params: BprTrainParams,
  hooks: TrainHooks<BprTrainState> = {},
  backendName?: BackendName,
): Promise<BprModel> {
  const setup = prepareBprTraining(byUser, params, hooks.resume);
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
  const vars = {
    userFactors: tfVariable(tf, init.userFactors, [nUsers, k]),
    itemFactors: tfVariable(tf, init.itemFactors, [nItems, k]),
    itemBias: tfVariable(tf, init.itemBias, [nItems]),
  };
  const halfLambda = tf.scalar(params.regularization / 2);
  const varList = [vars.userFactors, vars.itemFactors, vars.itemBias];
  const optimizer = tfOptimizer(tf, params.optimizer, params.learningRate);
  const minimizer = createPipelinedMinimizer(tf, optimizer, varList);

  const runner: BprStepRunner = {
    step(batch: BprBatch, _t: number, wantLoss: boolean): number | undefined | Promise<number | undefined> {
      const n = batch.size;
      return minimizer.step(() => {
        // tensor1d copies: the batch buffers are refilled for the next step
        const uIdx = tf.tensor1d(batch.users.subarray(0, n), 'int32');
        const iIdx = tf.tensor1d(batch.pos.subarray(0, n), 'int32');
        const jIdx = tf.tensor1d(batch.neg.subarray(0, n), 'int32');
        const q = tf.gather(vars.userFactors, uIdx);
        const pi = tf.gather(vars.itemFactors, iIdx);
        const pj = tf.gather(vars.itemFactors, jIdx);
        const bi = tf.gather(vars.itemBias, iIdx);
        const bj = tf.gather(vars.itemBias, jIdx);
        const x = tf.add(tf.sub(bi, bj), tf.sum(tf.mul(q, tf.sub(pi, pj)), 1));
        const dataTerm = tf.sum(tf.softplus(tf.neg(x))) as tfType.Scalar;
        const reg = tf.addN([tf.sum(tf.square(q)), tf.sum(tf.square(pi)), tf.sum(tf.square(pj)), tf.sum(tf.square(bi)), tf.sum(tf.square(bj))]);
        return { cost: tf.add(dataTerm, tf.mul(halfLambda, reg)) as tfType.Scalar, epochTerm: dataTerm };
      }, wantLoss);
    },
    takeEpochLoss: () => minimizer.takeEpochSum(),
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
    ...(params.optimizer === 'adam' ? tfAdamStateAccess(tf, optimizer, varList, () => minimizer.settle()) : {}),
  };

  return {
    runner,
    async dispose() {
      await minimizer.dispose();
      halfLambda.dispose();
    },
  };
}

/**
 * Reading and setting tfjs Adam's moments of `varList` (tfjsAdamState.ts), reading once the pending
 * steps have run (`settle`).
 */
function tfAdamStateAccess(tf: Tf, optimizer: tfType.Optimizer, varList: tfType.Variable[], settle: () => Promise<void>): Required<Pick<BprStepRunner, 'optimizerState' | 'setOptimizerState'>> {
  return {
    async optimizerState(): Promise<OptimizerState> {
      await settle();
      return readTfjsAdamState(optimizer, varList.length);
    },
    setOptimizerState: (state: OptimizerState, steps: number) => writeTfjsAdamState(tf, optimizer, varList, state, steps),
  };
}
