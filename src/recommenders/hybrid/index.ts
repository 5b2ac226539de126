/**
 * Hybrid of biased MF and content, on the CPU. First biased MF by the CPU trainer (trainMfCpu, SGD):
 * `r̂ᴹᶠ_ui = μ + b_u + b_i + q_u·p_i`. Items without training ratings are never touched by SGD, so
 * their b_i stays 0 but p_i keeps its random start; the fit sets p_i = 0 for them (and q_u = 0 for
 * users without training ratings), so MF says nothing about them. Then, per user, a content profile
 * on MF's training residuals e_ui = r_ui − r̂ᴹᶠ_ui:
 * `w_u = argmin_w Σ_{i∈I_u} (e_ui − w·f_i)² + λ‖w‖²` (ridgeProfile), and
 * `r̂_ui = μ + b_u + b_i + q_u·p_i + w_u·f_i`. A visitor folds into MF first (foldInUser, as biased
 * MF does), then gets w from the residuals of their own ratings.
 */
import type { RatingsColumns } from '../../data/types';
import { predictRating } from '../../math/mf';
import type { MfModel } from '../../math/mf';
import { trainMfCpu } from '../../model/cpuTrainer';
import { num, resolveParams } from '../params';
import type { Recommender } from '../types';
import { featuresFor, fitProfilesAsync } from '../content/shared';
import { hybridFitted } from './fitted';
import type { HybridState } from './fitted';
import { hybridMeta, hybridTrainParams } from './meta';
import { trainerHooks } from '../trainerHooks';

export { hybridMeta } from './meta';
export type { HybridState } from './fitted';

/** Share of the progress bar given to MF training (the content profiles get the rest). */
const MF_SHARE = 0.9;

/** Train rows then validation rows in one set of columns, and the row ranges of each (for MF's per-epoch curves). */
function joinRows(train: RatingsColumns, validation: RatingsColumns | null) {
  const nT = train.ratings.length;
  const nV = validation?.ratings.length ?? 0;
  const cat = <T extends Int32Array | Float32Array>(a: T, b: T | undefined, out: T): T => {
    out.set(a);
    if (b) out.set(b, nT);
    return out;
  };
  const data: RatingsColumns = {
    users: cat(train.users, validation?.users, new Int32Array(nT + nV)),
    items: cat(train.items, validation?.items, new Int32Array(nT + nV)),
    ratings: cat(train.ratings, validation?.ratings, new Float32Array(nT + nV)),
  };
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, j) => from + j);
  return { data, rows: { train: range(0, nT), validation: range(nT, nT + nV) } };
}

/** Sets b_i = 0, p_i = 0 for items and q_u = 0 for users without training ratings; returns the number of such items. */
export function clearUntrained(model: MfModel, train: RatingsColumns): number {
  const k = model.factors;
  const itemSeen = new Uint8Array(model.nItems);
  const userSeen = new Uint8Array(model.nUsers);
  for (let t = 0; t < train.ratings.length; t++) {
    itemSeen[train.items[t] as number] = 1;
    userSeen[train.users[t] as number] = 1;
  }
  let cold = 0;
  for (let i = 0; i < model.nItems; i++) {
    if (itemSeen[i] === 1) continue;
    cold++;
    model.itemBias[i] = 0;
    model.itemFactors.fill(0, i * k, (i + 1) * k);
  }
  for (let u = 0; u < model.nUsers; u++) {
    if (userSeen[u] === 1) continue;
    model.userBias[u] = 0;
    model.userFactors.fill(0, u * k, (u + 1) * k);
  }
  return cold;
}

export const hybridMfContent: Recommender = {
  meta: hybridMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(hybridMeta, values, ctx.backend);
    const features = featuresFor(train, p, hybridMeta.name);
    const lambda = num(p, 'lambda');
    // the hybrid's checkpoints are its MF stage's: a resumed run goes on with that stage, then fits the profiles
    const hooks = trainerHooks<MfModel>(ctx.hooks);
    const { data, rows } = joinRows(train.ratings, ctx.validation);
    const model = await trainMfCpu(data, train.nUsers, train.nItems, hybridTrainParams(p), { ...hooks, onProgress: (f) => hooks.onProgress?.(MF_SHARE * f) }, rows);
    const coldItems = clearUntrained(model, train.ratings);
    // the MF stage may have been stopped (an iterative method keeps what it has): finish the profiles anyway
    const { profiles, solved } = await fitProfilesAsync(features, train.byUser(), lambda, (u, i, r) => r - predictRating(model, u, i), hooks, {
      from: MF_SHARE,
      to: 1,
      stoppable: false,
      what: hybridMeta.name,
    });
    hooks.onProgress?.(1);
    const state: HybridState = { model, features, profiles, lambda, solved, coldItems };
    return hybridFitted(state, ctx);
  },
  restore: (state, _train, ctx) => hybridFitted(state as HybridState, ctx),
};
