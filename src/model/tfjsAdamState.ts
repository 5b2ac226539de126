/**
 * Reading tfjs's Adam moments back for a checkpoint and setting them when a run resumes, without
 * leaking tensors. tfjs's Adam keeps, per variable (in the order minimize sees them), a first and a
 * second moment; getWeights() lists [iterations, m of each variable…, v of each variable…].
 */
import type * as tfType from '@tensorflow/tfjs';
import type { OptimizerState } from './trainHooks';

type Tf = typeof tfType;

/**
 * Copies of tfjs Adam's moments of `nVariables` variables (call after the last step has run; the
 * moments exist after the first step). Frees the iteration scalar getWeights() makes; the moments
 * are the optimizer's own variables and stay.
 */
export async function readTfjsAdamState(optimizer: tfType.Optimizer, nVariables: number): Promise<OptimizerState> {
  const weights = await optimizer.getWeights();
  weights[0]?.tensor.dispose();
  const moments = await Promise.all(weights.slice(1).map(async (w) => Float32Array.from((await w.tensor.data()) as Float32Array)));
  if (moments.length !== 2 * nVariables) throw new Error(`Adam has ${moments.length} moment tensors for ${nVariables} variables`);
  return { m: moments.slice(0, nVariables), v: moments.slice(nVariables) };
}

/**
 * Sets tfjs Adam's moments of `variables` (from a checkpoint) and its step count to `iterations`
 * (the steps the checkpoint's run had taken, for the bias correction), before the first step.
 * The staging tensors are freed: setWeights copies them into the optimizer's own variables.
 */
export async function writeTfjsAdamState(tf: Tf, optimizer: tfType.Optimizer, variables: readonly tfType.Variable[], state: OptimizerState, iterations: number): Promise<void> {
  if (state.m.length !== variables.length || state.v.length !== variables.length) {
    throw new Error(`the checkpoint has Adam moments of ${state.m.length} tables, this run ${variables.length}`);
  }
  const named = (kind: 'm' | 'v') =>
    state[kind].map((a, j) => {
      const v = variables[j] as tfType.Variable;
      return { name: `${v.name}/${kind}`, tensor: tf.tensor(a, v.shape, 'float32') };
    });
  const weights = [{ name: 'iter', tensor: tf.scalar(iterations, 'int32') }, ...named('m'), ...named('v')];
  try {
    await optimizer.setWeights(weights);
  } finally {
    for (const w of weights) w.tensor.dispose();
  }
}
