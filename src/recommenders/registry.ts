/**
 * The one list of the lab's methods. The worker, the UI's forms, the evaluation lab and the
 * benchmark iterate it; adding a method is its folder plus one line here.
 */
import { baseline } from './baseline';
import { bayesianMf } from './bayesian-mf';
import { biasedMf } from './biased-mf';
import { bprMf } from './bpr';
import { content } from './content';
import { ease } from './ease';
import { hybridMfContent } from './hybrid';
import { implicitAls } from './ials';
import { itemMean } from './item-mean';
import { itemKnn, userKnn } from './knn';
import { ncf, neuralScorer } from './neural';
import { popularity } from './popularity';
import { gruNextItem } from './sequence';
import type { Recommender, RecommenderMeta } from './types';

export const RECOMMENDERS: readonly Recommender[] = [
  popularity,
  itemMean,
  baseline,
  userKnn,
  itemKnn,
  biasedMf,
  bayesianMf,
  bprMf,
  ease,
  implicitAls,
  content,
  hybridMfContent,
  neuralScorer,
  ncf,
  gruNextItem,
];

/** The method with this id; throws naming the known ids when there is none. */
export function findRecommender(id: string): Recommender {
  const found = RECOMMENDERS.find((r) => r.meta.id === id);
  if (!found) throw new Error(`No method "${id}". Known methods: ${RECOMMENDERS.map((r) => r.meta.id).join(', ')}.`);
  return found;
}

/** Every method's metadata, in registry order. */
export function recommenderMetas(): RecommenderMeta[] {
  return RECOMMENDERS.map((r) => r.meta);
}
