/**
 * The "You" panel's answers: the stage youStages.ts chooses, computed. Popularity and the content
 * stage are built once per dataset from all of its ratings and item features (cheap: counts, and
 * the features with no per-user fit); the model stage is the trained model's own fold-in. Every
 * pick explains itself through the same stage's fold-in; an item nobody has rated says so.
 */
import type { Dataset } from '../data/types';
import { topN } from '../math/mf';
import { contentForVisitors, type ContentForVisitors } from '../recommenders/content';
import { popularity } from '../recommenders/popularity';
import { findRecommender } from '../recommenders/registry';
import { trainSetFromDataset } from '../recommenders/trainSet';
import type { Explanation, Fitted, FoldedUser, Namer, Rated } from '../recommenders/types';
import { itemRatingCounts, toRecommendation } from './recommending';
import type { ModelSummary, YouAnswer, YouPick } from './types';
import { chooseStage, featureWords, type StageChoice } from './youStages';

/** The stages that need no trained model, built from the whole dataset. */
interface Visitors {
  /** Popularity's fold-in (it ignores the ratings, so one serves every visitor). */
  popularity: FoldedUser;
  /** Null when the dataset has no genres and no usable title words. */
  content: ContentForVisitors | null;
}

const visitorsCache = new WeakMap<Dataset, Promise<Visitors>>();

/** Popularity and content of a dataset for visitors (built on first use, then cached). */
function visitorsOf(dataset: Dataset, names: Namer): Promise<Visitors> {
  let v = visitorsCache.get(dataset);
  if (!v) {
    v = (async () => {
      const train = trainSetFromDataset(dataset);
      const fitted = await popularity.fit(train, {}, { backend: 'cpu', tf: null, hooks: {}, validation: null, names });
      let content: ContentForVisitors | null = null;
      try {
        content = contentForVisitors(train, {}, names);
      } catch {
        content = null; // no features: the cascade skips the content stage and says why
      }
      return { popularity: fitted.foldIn!([]), content };
    })();
    visitorsCache.set(dataset, v);
  }
  return v;
}

/** What an answer is computed from. */
export interface YouInput {
  dataset: Dataset;
  names: Namer;
  /** The trained model in use, or null. */
  model: { fitted: Fitted; summary: ModelSummary } | null;
  /** The visitor's ratings (item indices of the dataset). */
  rated: readonly Rated[];
}

/** The chosen stage and its fold-in. */
interface Resolved {
  choice: StageChoice;
  folded: FoldedUser;
  scoreLabel: string;
  predictsRatings: boolean;
  /** True when the answering method scores items from their features (content, the hybrid). */
  usesFeatures: boolean;
}

function checkRated(dataset: Dataset, rated: readonly Rated[]): void {
  for (const r of rated) {
    if (!(Number.isInteger(r.item) && r.item >= 0 && r.item < dataset.meta.items)) throw new Error(`No item with index ${r.item}.`);
    if (!Number.isFinite(r.rating)) throw new Error(`Your rating of item ${r.item} is not a number.`);
  }
}

async function resolve(input: YouInput): Promise<Resolved> {
  const { dataset, names, model, rated } = input;
  checkRated(dataset, rated);
  const visitors = await visitorsOf(dataset, names);
  const c = visitors.content;
  const choice = chooseStage({
    rated: rated.length,
    contentFeatures: c ? featureWords(c.genres, c.titleWords) : null,
    model: model ? { name: model.summary.methodName, canFoldIn: model.summary.canFoldIn && model.fitted.foldIn !== undefined } : null,
  });
  const implicit = dataset.meta.implicit;
  if (choice.stage === 'content' && c) {
    return { choice, folded: c.foldIn(rated), scoreLabel: implicit ? 'score' : 'r̂', predictsRatings: !implicit, usesFeatures: true };
  }
  if (choice.stage === 'model' && model?.fitted.foldIn) {
    let usesFeatures = false;
    try {
      usesFeatures = findRecommender(model.summary.method).meta.needs?.itemFeatures === true;
    } catch {
      usesFeatures = false;
    }
    const { summary } = model;
    return { choice, folded: model.fitted.foldIn(rated), scoreLabel: summary.scoreLabel, predictsRatings: summary.predictsRatings, usesFeatures };
  }
  return { choice, folded: visitors.popularity, scoreLabel: 'score', predictsRatings: false, usesFeatures: false };
}

/** The note on an item nobody in the dataset has rated (null for rated items). */
export function unratedNote(ratings: number, usesFeatures: boolean): string | null {
  if (ratings > 0) return null;
  return usesFeatures ? 'No one has rated this yet; recommended from its features.' : 'No one has rated this yet.';
}

/** The top `n` picks for a visitor from the stage their ratings call for, and who answers and why. */
export async function answerYou(input: YouInput, n: number): Promise<YouAnswer> {
  const { dataset, rated } = input;
  const r = await resolve(input);
  const exclude = new Uint8Array(dataset.meta.items);
  for (const x of rated) exclude[x.item] = 1;
  const counts = itemRatingCounts(dataset);
  const recommendations: YouPick[] = topN(r.folded.scores, n, exclude).map(({ item, score }) => {
    const ratings = counts[item] ?? 0;
    return { ...toRecommendation(dataset, item, score, r.predictsRatings), ratings, note: unratedNote(ratings, r.usesFeatures) };
  });
  const { stage, answering, why, modelAt, stages } = r.choice;
  return { stage, answering, why, how: r.folded.how, modelAt, stages, scoreLabel: r.scoreLabel, recommendations };
}

/** The numbers behind one of answerYou's picks, from the same stage (an unrated item says so first). */
export async function explainYou(input: YouInput, item: number): Promise<Explanation> {
  const r = await resolve(input);
  const e = r.folded.explain(item);
  const note = unratedNote(itemRatingCounts(input.dataset)[item] ?? 0, r.usesFeatures);
  return note === null ? e : { ...e, intro: `${note} ${e.intro}` };
}
