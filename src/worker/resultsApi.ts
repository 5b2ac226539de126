/** Worker API, results of a fitted model: recommendations, similar items, "You", and their explanations. */
import { topN } from '../math/mf';
import { findRecommender } from '../recommenders/registry';
import type { Explanation, Rated } from '../recommenders/types';
import { ratedMask } from './ratedIndex';
import { describeItem, itemRatingCounts, searchItems, toRecommendation } from './recommending';
import { namerFor, requireDataset, tfQueue } from './session';
import { obtainModel } from './storedModels';
import type { ItemMatch, Recommendation, SimilarItemsResult, YouAnswer } from './types';
import { answerYou, explainYou, unratedNote, type YouInput } from './youCascade';

/** The "You" cascade's input: the selected dataset, the model in use (none: null; a stored one is restored), the visitor's ratings. */
async function youInput(modelId: string | null, rated: Rated[]): Promise<YouInput> {
  const { dataset } = requireDataset();
  return { dataset, names: namerFor(dataset), model: modelId === null ? null : await obtainModel(modelId), rated };
}

/** An explanation of `item` prefixed with "No one has rated this yet; …" when nobody in the dataset has. */
function noteUnrated(e: Explanation, item: number, method: string): Explanation {
  const { dataset } = requireDataset();
  let usesFeatures = false;
  try {
    usesFeatures = findRecommender(method).meta.needs?.itemFeatures === true;
  } catch {
    usesFeatures = false;
  }
  const note = unratedNote(itemRatingCounts(dataset)[item] ?? 1, usesFeatures);
  return note === null ? e : { ...e, intro: `${note} ${e.intro}` };
}

export const resultsApi = {
  /** Finds a user's dense index by the id in the file. */
  findUser(userId: string): number | null {
    const i = requireDataset().dataset.userIds.indexOf(userId);
    return i < 0 ? null : i;
  },

  /** Items whose title (or id) contains the query, most-rated first. */
  searchItems(query: string, limit: number): ItemMatch[] {
    return searchItems(requireDataset().dataset, query, limit);
  },

  /** Top-n items for a user by the model's score, excluding what the user already rated. */
  async recommend(modelId: string, user: number, n: number): Promise<Recommendation[]> {
    const { fitted, summary } = await obtainModel(modelId);
    const { dataset, rated } = requireDataset();
    const nItems = dataset.meta.items;
    if (!Number.isInteger(user) || user < 0 || user >= dataset.meta.users) throw new Error(`No user with index ${user}.`);
    const best = topN(fitted.scoreItems(user), n, ratedMask(rated, user, nItems));
    return best.map(({ item, score }) => toRecommendation(dataset, item, score, summary.predictsRatings));
  },

  /** The numbers behind a recommendation's score, laid out with the method's formula. */
  async explainScore(modelId: string, user: number, item: number): Promise<Explanation> {
    const { fitted, summary } = await obtainModel(modelId);
    return noteUnrated(fitted.explain(user, item), item, summary.method);
  },

  /** Items most similar to `item` under the model's own similarity, and how long it took where. */
  async similarItems(modelId: string, item: number, k: number): Promise<SimilarItemsResult> {
    const { fitted, summary } = await obtainModel(modelId);
    const { dataset } = requireDataset();
    const similar = fitted.similarItems;
    if (!similar) throw new Error(`${summary.methodName} has no item–item similarity.`);
    return tfQueue.run(async () => {
      const started = performance.now();
      const list = await similar(item, k);
      const items = list.map(({ item: j, similarity }) => ({ ...describeItem(dataset, j), similarity }));
      return { items, backend: summary.backend, ms: performance.now() - started, catalogue: dataset.meta.items };
    });
  },

  async explainSimilarity(modelId: string, a: number, b: number): Promise<Explanation> {
    const { fitted, summary } = await obtainModel(modelId);
    if (!fitted.explainSimilarity) throw new Error(`${summary.methodName} has no item–item similarity.`);
    return fitted.explainSimilarity(a, b);
  },

  /** What the UI calls these items: the title, or "Item <id>" when the dataset has no title for one. */
  itemLabels(items: number[]): string[] {
    const { dataset } = requireDataset();
    return items.map((i) => {
      if (!Number.isInteger(i) || i < 0 || i >= dataset.meta.items) throw new Error(`No item with index ${i}.`);
      const d = describeItem(dataset, i);
      return d.title ?? `Item ${d.itemId}`;
    });
  },

  /**
   * "You": picks for a visitor from the stage their ratings call for — popularity with none, the
   * content of what they rated with a few, the trained model's fold-in (modelId; null when none is
   * trained) from MODEL_TAKES_OVER_AT ratings on — and who answers and why.
   */
  async recommendForYou(modelId: string | null, rated: Rated[], n: number): Promise<YouAnswer> {
    return answerYou(await youInput(modelId, rated), n);
  },

  /** The numbers behind one of recommendForYou's picks, from the same stage. */
  async explainForYou(modelId: string | null, rated: Rated[], item: number): Promise<Explanation> {
    return explainYou(await youInput(modelId, rated), item);
  },
};
