/**
 * What every tfjs trainer of the lab shares: tables as tf.variables, tfjs's SGD or Adam, and a
 * minimizer whose steps are pipelined (at most about two queued on the device) with the epoch's
 * loss summed on the device and read back once per epoch. Used by biased MF, BPR-MF and NCF.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { MfModel } from '../math/mf';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';

type Tf = typeof tfType;

/** A trainable tf.variable holding a copy of `values` (the staging tensor is freed at once). */
export function tfVariable(tf: Tf, values: Float32Array, shape: number[]): tfType.Variable {
  const initial = tf.tensor(values, shape, 'float32');
  const v = tf.variable(initial, true);
  initial.dispose(); // the variable holds its own reference to the data
  return v;
}

/** tfjs's SGD, or Adam with β1 0.9, β2 0.999, ε 1e-8 (the constants of every trainer of the lab). */
export function tfOptimizer(tf: Tf, kind: 'sgd' | 'adam', learningRate: number): tfType.Optimizer {
  return kind === 'adam' ? tf.train.adam(learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON) : tf.train.sgd(learningRate);
}

/** One step's loss, built inside `optimizer.minimize`: what is minimized, and what the epoch sums. */
export interface StepLoss {
  /** The scalar minimized (e.g. data term + regularization). */
  cost: tfType.Scalar;
  /** The scalar added to the epoch's sum (e.g. the data term alone). */
  epochTerm: tfType.Scalar;
}

/** A pipelined minimizer over `variables` (see createPipelinedMinimizer). */
export interface PipelinedMinimizer {
  /**
   * One optimizer step of `loss()` (called inside tf.tidy and the gradient tape: tensors it creates
   * are freed). Returns the step's cost × `readScale` when `wantLoss`; otherwise undefined or a
   * promise that waits for the previous step's read, so the device never runs far ahead.
   */
  step(loss: () => StepLoss, wantLoss: boolean, readScale?: number): number | undefined | Promise<number | undefined>;
  /** Waits for the last read, then returns the epoch's sum of `epochTerm` and resets it to 0. */
  takeEpochSum(): Promise<number>;
  /** Waits for the last pending read. */
  settle(): Promise<void>;
  /** Settles, then frees the optimizer, the variables and the epoch sum. */
  dispose(): Promise<void>;
}

/** A minimizer of losses over `variables` with `optimizer`; it owns both (dispose frees them). */
export function createPipelinedMinimizer(tf: Tf, optimizer: tfType.Optimizer, variables: tfType.Variable[]): PipelinedMinimizer {
  let epochSum: tfType.Scalar = tf.scalar(0);
  /** The last step's pending cost read (its cost tensor is disposed when the read resolves). */
  let pending: Promise<void> | null = null;
  const settle = async (): Promise<void> => {
    const p = pending;
    pending = null;
    if (p !== null) await p;
  };
  return {
    step(loss, wantLoss, readScale = 1) {
      let term: tfType.Scalar | null = null;
      const cost: tfType.Scalar = tf.tidy((): tfType.Scalar => {
        const c = optimizer.minimize(
          () => {
            const l = loss();
            term = tf.keep(l.epochTerm.clone());
            return l.cost;
          },
          true,
          variables,
        );
        if (c === null) throw new Error('optimizer.minimize returned no cost');
        return c;
      });
      const kept = term as tfType.Scalar | null;
      if (kept !== null) {
        const next = tf.add(epochSum, kept) as tfType.Scalar;
        epochSum.dispose();
        kept.dispose();
        epochSum = next;
      }
      const read = cost.data().then((v) => {
        cost.dispose();
        return (v[0] as number) * readScale;
      });
      if (wantLoss) return read;
      // Pipelining: wait for the PREVIOUS step's result, so the device has at most about two steps
      // queued and a cancel between steps takes effect promptly even on slow backends.
      const previous = pending;
      pending = read.then(() => undefined);
      return previous === null ? undefined : previous.then(() => undefined);
    },
    async takeEpochSum() {
      await settle();
      const v = (await epochSum.data())[0] as number;
      const zero = tf.scalar(0);
      epochSum.dispose();
      epochSum = zero;
      return v;
    },
    settle,
    async dispose() {
      await settle().catch(() => {});
      optimizer.dispose();
      for (const v of variables) v.dispose();
      epochSum.dispose();
    },
  };
}

/**
 * Biased MF's tables read back from tfjs tensors [Q, P, b_u, b_i] as a model (copies: the buffers
 * data() returns belong to tfjs's cache).
 */
export async function readMfTables(tables: readonly tfType.Tensor[], shape: Pick<MfModel, 'nUsers' | 'nItems' | 'factors' | 'mu'>): Promise<MfModel> {
  const [uf, itf, ub, ib] = await Promise.all(tables.map((v) => v.data<'float32'>()));
  return {
    ...shape,
    userFactors: Float32Array.from(uf as Float32Array),
    itemFactors: Float32Array.from(itf as Float32Array),
    userBias: Float32Array.from(ub as Float32Array),
    itemBias: Float32Array.from(ib as Float32Array),
  };
}

/** tfjs's tensor count and bytes now, as a StepRunner reports them. */
export function tfjsMemory(tf: Tf): { tensors: number; bytes: number } {
  const m = tf.memory();
  return { tensors: m.numTensors, bytes: m.numBytes };
}
