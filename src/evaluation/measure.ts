/**
 * Measures one fitted recommender on a test set: rating error (RMSE, MAE) and the top-k ranking
 * and catalogue metrics of the comparison table. Runs in the worker, yielding to the event loop
 * about every 50 ms so a cancel message can arrive and progress can be reported.
 */
import type { RatingsColumns } from '../data/types';
import { CatalogueAccumulator } from '../math/catalogueMetrics';
import { topN } from '../math/mf';
import { emptyListMetrics, listMetricsAtK } from '../math/rankingMetrics';
import { csrFromColumns } from '../math/sparse';
import type { Fitted, RecommenderMeta, TrainSet } from '../recommenders/types';
import type { EvaluationSettings, MetricName } from './types';

/** Hooks of a measurement: progress in [0, 1] and a stop flag polled at every yield. */
export interface MeasureHooks {
  onProgress?(fraction: number): void;
  shouldStop?(): boolean;
}

/**
 * Makes a user's top-k list from the method's scores, in place of the plain k best (a balance
 * re-ranker: src/evaluation/remedies.ts).
 */
export interface ListMaker {
  /**
   * Writes u's list into `out` (room for k) and returns its length. Candidates are the items with
   * exclude[i] = 0 and a score that is not NaN; `exclude` must be left as it was.
   */
  list(user: number, scores: Float32Array, exclude: Uint8Array, k: number, out: Int32Array): number;
}

/** What measureFitted returns. */
export interface Measurement {
  /** Only the metrics that apply (RMSE/MAE need `meta.predictsRatings`; ranking needs test users). */
  metrics: Partial<Record<MetricName, number>>;
  /** Time spent predicting and ranking (ms), not counting the pauses at yields. */
  predictMs: number;
}

const SLICE_MS = 50;

function abortError(): Error {
  const e = new Error('Evaluation cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * Measures `fitted` (trained on `train`) on the `test` ratings.
 *
 * Rating error, when `meta.predictsRatings` (otherwise rmse/mae are absent), over every test rating:
 * `RMSE = √( (1/|T|) Σ_{(u,i)∈T} (r̂_ui − r_ui)² )`, `MAE = (1/|T|) Σ_{(u,i)∈T} |r̂_ui − r_ui|`,
 * with r̂_ui clipped to [train.ratingMin, train.ratingMax] as Surprise does. A NaN prediction (a
 * method that cannot score the pair) counts as the global mean μ = train.globalMean, so every
 * method is scored on the same test ratings. r̂_ui comes from `fitted.predict`, or from
 * `fitted.scoreItems(u)[i]` when the method has no `predict`.
 *
 * Ranking, microsoft/recommenders' protocol: for each user u with at least one relevant test item
 * (a test item with rating ≥ settings.relevanceThreshold, or any test item when that is null),
 * the candidates are every item u did not rate in training; L_u = the k best by
 * `fitted.scoreItems(u)` (NaN scores are never recommended; ties go to the lower index). Each
 * per-list metric (src/math/rankingMetrics.ts: P@k, R@k, NDCG@k, AP@k, HR@k, RR@k) is averaged over
 * the users that have both relevant items and a non-empty L_u (recommenders' common users of truth
 * and predictions): `P@k = (1/|U|) Σ_u P@k(u)`, …, `MAP@k = (1/|U|) Σ_u AP@k(u)`,
 * `MRR@k = (1/|U|) Σ_u RR@k(u)`. Coverage, novelty, diversity and average popularity
 * (src/math/catalogueMetrics.ts) are measured on the same lists against the training data.
 * With no such user the ranking and catalogue metrics are absent; so is diversity when every list
 * has a single item (k = 1), having no pairs. With `lists` given, L_u is what it makes from the same
 * scores and candidates (a re-ranking) instead of the k best.
 *
 * Throws an Error named 'AbortError' when `hooks.shouldStop()` returns true at a yield.
 */
export async function measureFitted(
  fitted: Fitted,
  meta: RecommenderMeta,
  train: TrainSet,
  test: RatingsColumns,
  settings: EvaluationSettings,
  hooks: MeasureHooks = {},
  lists?: ListMaker,
): Promise<Measurement> {
  const k = settings.k;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
  const nTest = test.users.length;
  if (test.items.length !== nTest || test.ratings.length !== nTest) throw new RangeError('test columns have different lengths');
  const { nUsers, nItems } = train;
  for (let t = 0; t < nTest; t++) {
    const u = test.users[t] as number;
    const i = test.items[t] as number;
    if (!(u >= 0 && u < nUsers && i >= 0 && i < nItems)) {
      throw new RangeError(`test rating ${t} (user ${u}, item ${i}) is outside the training index space (${nUsers} users, ${nItems} items)`);
    }
  }

  // --- timing and yielding
  let busyMs = 0;
  let sliceStart = performance.now();
  let fraction = 0;
  const pause = async (): Promise<void> => {
    busyMs += performance.now() - sliceStart;
    hooks.onProgress?.(fraction);
    await new Promise<void>((r) => setTimeout(r, 0));
    if (hooks.shouldStop?.() === true) throw abortError();
    sliceStart = performance.now();
  };
  if (hooks.shouldStop?.() === true) throw abortError();

  // --- which users are ranked, and how much work each phase is (for progress)
  const testByUser = csrFromColumns(test.users, test.items, test.ratings, nUsers, nItems);
  const threshold = settings.relevanceThreshold;
  const isRelevant = (r: number): boolean => threshold === null || r >= threshold;
  const rankUsers: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let p = testByUser.indptr[u] as number, end = testByUser.indptr[u + 1] as number; p < end; p++) {
      if (isRelevant(testByUser.values[p] as number)) {
        rankUsers.push(u);
        break;
      }
    }
  }
  const ratingWork = meta.predictsRatings ? nTest : 0;
  const rankWork = rankUsers.length * Math.max(1, nItems);
  const totalWork = Math.max(1, ratingWork + rankWork);

  const metrics: Partial<Record<MetricName, number>> = {};

  // --- rating error
  if (meta.predictsRatings && nTest > 0) {
    const lo = train.ratingMin;
    const hi = train.ratingMax;
    const mu = train.globalMean;
    let se = 0;
    let ae = 0;
    const add = (pred: number, actual: number): void => {
      let r = Number.isNaN(pred) ? mu : pred;
      if (r < lo) r = lo;
      else if (r > hi) r = hi;
      const d = r - actual;
      se += d * d;
      ae += Math.abs(d);
    };
    const predict = fitted.predict?.bind(fitted);
    if (predict !== undefined) {
      for (let t = 0; t < nTest; t++) {
        add(predict(test.users[t] as number, test.items[t] as number), test.ratings[t] as number);
        if ((t & 1023) === 1023 && performance.now() - sliceStart > SLICE_MS) {
          fraction = (t + 1) / totalWork;
          await pause();
        }
      }
    } else {
      let done = 0;
      for (let u = 0; u < nUsers; u++) {
        const from = testByUser.indptr[u] as number;
        const to = testByUser.indptr[u + 1] as number;
        if (from === to) continue;
        const scores = fitted.scoreItems(u);
        for (let p = from; p < to; p++) add(scores[testByUser.indices[p] as number] as number, testByUser.values[p] as number);
        done += to - from;
        if (performance.now() - sliceStart > SLICE_MS) {
          fraction = done / totalWork;
          await pause();
        }
      }
    }
    metrics.rmse = Math.sqrt(se / nTest);
    metrics.mae = ae / nTest;
  }

  // --- ranking and catalogue
  if (rankUsers.length > 0) {
    const trainByUser = train.byUser();
    const exclude = new Uint8Array(nItems);
    const relevant = new Uint8Array(nItems);
    const list = new Int32Array(k);
    const one = emptyListMetrics();
    const catalogue = new CatalogueAccumulator(train.byItem());
    let users = 0;
    let precision = 0;
    let recall = 0;
    let ndcg = 0;
    let map = 0;
    let hitRate = 0;
    let mrr = 0;
    for (let n = 0; n < rankUsers.length; n++) {
      const u = rankUsers[n] as number;
      const trFrom = trainByUser.indptr[u] as number;
      const trTo = trainByUser.indptr[u + 1] as number;
      for (let p = trFrom; p < trTo; p++) exclude[trainByUser.indices[p] as number] = 1;
      const teFrom = testByUser.indptr[u] as number;
      const teTo = testByUser.indptr[u + 1] as number;
      let nRelevant = 0;
      for (let p = teFrom; p < teTo; p++) {
        const i = testByUser.indices[p] as number;
        if (isRelevant(testByUser.values[p] as number) && relevant[i] === 0) {
          relevant[i] = 1;
          nRelevant++;
        }
      }

      const scores = fitted.scoreItems(u);
      let length: number;
      if (lists) length = lists.list(u, scores, exclude, k, list);
      else {
        const top = topN(scores, k, exclude);
        for (let j = 0; j < top.length; j++) list[j] = top[j]!.item;
        length = top.length;
      }
      if (length > 0) {
        listMetricsAtK(list, relevant, nRelevant, k, one, length);
        users++;
        precision += one.precision;
        recall += one.recall;
        ndcg += one.ndcg;
        map += one.averagePrecision;
        hitRate += one.hit;
        mrr += one.reciprocalRank;
        catalogue.add(list, length);
      }

      for (let p = trFrom; p < trTo; p++) exclude[trainByUser.indices[p] as number] = 0;
      for (let p = teFrom; p < teTo; p++) relevant[testByUser.indices[p] as number] = 0;
      if (performance.now() - sliceStart > SLICE_MS) {
        fraction = (ratingWork + (n + 1) * Math.max(1, nItems)) / totalWork;
        await pause();
      }
    }
    if (users > 0) {
      metrics.precision = precision / users;
      metrics.recall = recall / users;
      metrics.ndcg = ndcg / users;
      metrics.map = map / users;
      metrics.hitRate = hitRate / users;
      metrics.mrr = mrr / users;
      // NaN = nothing to average (e.g. diversity when every list has one item): left out
      const c = catalogue.result();
      if (!Number.isNaN(c.coverage)) metrics.coverage = c.coverage;
      if (!Number.isNaN(c.novelty)) metrics.novelty = c.novelty;
      if (!Number.isNaN(c.diversity)) metrics.diversity = c.diversity;
      if (!Number.isNaN(c.avgPopularity)) metrics.avgPopularity = c.avgPopularity;
    }
  }

  busyMs += performance.now() - sliceStart;
  hooks.onProgress?.(1);
  return { metrics, predictMs: busyMs };
}
