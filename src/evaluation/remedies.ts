/**
 * Applies a run's balance remedy: a training set re-sampled or weighted before the fit, or a
 * re-ranker of the fitted method's scores at measurement. The formulas live in src/math/balance.
 */
import {
  calibratedRerank,
  coRatingCosine,
  countsOf,
  downsampleHead,
  genreIndex,
  headMask,
  ipwWeights,
  logPopularity,
  minMaxRelevance,
  mmrRerank,
  popularityPenalty,
  popularityPropensity,
  topIndices,
  upsampleTail,
  userGenreDistribution,
} from '../math/balance';
import { createRng } from '../math/random';
import { makeTrainSet, pickRows } from '../recommenders/trainSet';
import type { TrainSet } from '../recommenders/types';
import type { ListMaker } from './measure';
import { DEFAULT_POOL, remedyProblem } from './remedyText';
import type { MethodRun, Remedy } from './types';

/** True for the remedies that change the training data (so the method is fitted anew). */
export function changesTraining(remedy: Remedy | undefined): boolean {
  return remedy !== undefined && (remedy.kind === 'resample' || remedy.kind === 'ipw');
}

/** Whether the training set's items have genres (calibration needs them). */
export function hasGenres(train: TrainSet): boolean {
  return train.itemSide.genres?.some((g) => g.length > 0) ?? false;
}

/** Throws the remedy's problem on this method and training set (see remedyProblem), if any. */
export function checkRemedy(run: MethodRun, train: TrainSet): void {
  if (!run.remedy) return;
  const problem = remedyProblem(run.remedy, { method: run.method, hasGenres: hasGenres(train) });
  if (problem !== null) throw new Error(problem);
}

/**
 * Runs that fit the same model share one fit: the same method, parameters and training data
 * (re-rankers change only the lists). Two runs with equal keys fit identical models.
 */
export function fitKey(run: MethodRun): string {
  return JSON.stringify([run.method, Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b)), changesTraining(run.remedy) ? run.remedy : null]);
}

/**
 * The training set a run is fitted on: `train` itself unless the remedy re-samples (rows picked by
 * downsampleHead / upsampleTail, seeded by remedy.seed; head = headMask of the training item
 * counts) or weighs it (ratingWeights = ipwWeights of popularityPropensity(counts, η)).
 */
export function trainingFor(train: TrainSet, remedy: Remedy | undefined): TrainSet {
  if (!remedy || !changesTraining(remedy)) return train;
  const items = train.ratings.items;
  const counts = countsOf(items, train.nItems);
  if (remedy.kind === 'ipw') return { ...train, ratingWeights: ipwWeights(items, popularityPropensity(counts, remedy.eta), remedy.clip) };
  if (remedy.kind !== 'resample') return train;
  const head = headMask(counts);
  const rng = createRng(remedy.seed);
  const rows = remedy.mode === 'downsample-head' ? downsampleHead(items, head, remedy.keep, rng) : upsampleTail(items, head, remedy.copies, rng);
  const ts = train.timestamps;
  return makeTrainSet(
    pickRows(train.ratings, rows),
    { nUsers: train.nUsers, nItems: train.nItems, ratingMin: train.ratingMin, ratingMax: train.ratingMax, implicit: train.implicit },
    { timestamps: ts ? Float64Array.from(rows, (t) => ts[t] as number) : null, itemSide: train.itemSide },
  );
}

/** Copies `picked` into `out` and returns its length. */
function emit(picked: Int32Array, out: Int32Array): number {
  out.set(picked.subarray(0, Math.min(picked.length, out.length)));
  return Math.min(picked.length, out.length);
}

/**
 * The re-ranker of a remedy, built once per run from the (original) training set, or undefined
 * when the remedy does not re-rank. Each list re-orders the user's pool: the `pool` best-scored
 * candidates (topIndices over the items not excluded, NaN scores left out).
 */
export function listMakerFor(remedy: Remedy | undefined, train: TrainSet): ListMaker | undefined {
  if (!remedy || (remedy.kind !== 'rerank-popularity' && remedy.kind !== 'mmr' && remedy.kind !== 'calibrate')) return undefined;
  const poolSize = remedy.pool ?? DEFAULT_POOL;
  const lambda = remedy.lambda;
  if (remedy.kind === 'rerank-popularity') {
    const logPop = logPopularity(countsOf(train.ratings.items, train.nItems));
    return { list: (_u, scores, exclude, k, out) => emit(popularityPenalty(scores, topIndices(scores, Math.max(poolSize, k), exclude), logPop, lambda, k), out) };
  }
  if (remedy.kind === 'mmr') {
    const similarityTo = coRatingCosine(train.byItem());
    return {
      list: (_u, scores, exclude, k, out) => {
        const pool = topIndices(scores, Math.max(poolSize, k), exclude);
        return emit(mmrRerank(pool, minMaxRelevance(scores, pool), k, lambda, similarityTo), out);
      },
    };
  }
  const genres = train.itemSide.genres;
  if (!genres || !hasGenres(train)) throw new Error('Calibration needs item genres, and this dataset has none.');
  const index = genreIndex(genres);
  const byUser = train.byUser();
  return {
    list: (u, scores, exclude, k, out) => {
      const pool = topIndices(scores, Math.max(poolSize, k), exclude);
      const p = userGenreDistribution(byUser, u, index);
      // a user with no rated item that has genres has no mix to match: the plain top k
      if (!p.some((x) => x > 0)) return emit(pool.subarray(0, k), out);
      return emit(calibratedRerank(pool, minMaxRelevance(scores, pool), k, lambda, p, index), out);
    },
  };
}
