/** What a policy is given at each step, and what a policy module exports. */
import type { Rng } from '../../math/random';
import type { SlateBuffer } from '../slate';
import type { ItemFeatures, PolicyInfo } from '../types';

/** Everything a policy may use to choose one slate (it never sees the world's p_ui). */
export interface PolicyContext {
  user: number;
  /** n: the slate size. */
  n: number;
  features: ItemFeatures;
  /** 1 where an item must not be shown (clicked, or rated in the warm start); users × items. */
  blocked: Uint8Array;
  /** Where the user's row of `blocked` starts: user·nItems. */
  base: number;
  /** θ̂_u. */
  theta: Float64Array;
  /** A_u⁻¹ lives at covariances[covOffset … covOffset + d²). */
  covariances: Float64Array;
  covOffset: number;
  /** c_i per item (zeros without item offsets). */
  offsets: Float64Array;
  /** Var c_i / σ² = 1/(λ + n_i) per item (zeros without item offsets). */
  offsetVariance: Float64Array;
  /** x_i·θ̂_u + c_i for every item (computed once per step by the runner). */
  estimates: Float64Array;
  /** Scratch of length nItems. */
  scores: Float64Array;
  /** This policy's own stream (derived from the run's seed). */
  rng: Rng;
}

/** Chooses one slate into `out` (cleared by the caller). */
export type ChooseSlate = (ctx: PolicyContext, out: SlateBuffer) => void;

/** A policy module: what the UI lists, and a factory from knob values to a chooser. */
export interface Policy {
  info: PolicyInfo;
  create(knobs: Readonly<Record<string, number>>): ChooseSlate;
}
