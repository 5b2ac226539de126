/** A fitted BPR-MF model: scores, traced explanations, similar items, fold-in and state. */
import { bprScoresForUser, bprScoresForVector, bprScoreTrace, foldInBprUser } from '../../math/bpr';
import type { BprFoldInSettings, BprModel } from '../../math/bpr';
import { itemVectorSimilarity, tableRow } from '../itemVectors';
import { checkIndex } from '../scoring';
import type { Explanation, FitContext, Fitted, Rated } from '../types';
import { bprMeta } from './meta';

/** Passes over a visitor's positives when folding them in (see foldInBprUser). */
export const FOLD_IN_EPOCHS = 50;
/** η of the fold-in's per-triple SGD steps. */
export const FOLD_IN_LEARNING_RATE = 0.05;

/** What restore() needs (structured-cloneable: typed arrays, numbers, strings). */
export interface BprState {
  model: BprModel;
  /** The positives rule applied: rating ≥ threshold, or null on implicit data (every row). */
  threshold: number | null;
  /** positivesOf(…).description, for explanations and facts. */
  positives: string;
  /** How visitors are folded in (λ and seed from training). */
  foldIn: BprFoldInSettings;
}

/** The visitor's positives under the model's rule: rating ≥ threshold, or every rated item on implicit data. */
export function visitorPositives(rated: readonly Rated[], threshold: number | null): number[] {
  return rated.filter((r) => threshold === null || r.rating >= threshold).map((r) => r.item);
}

/** Wraps trained tables as a Fitted. Similar items run on the GPU (tiles) when ctx.backend is one. */
export function bprFitted(state: BprState, ctx: FitContext): Fitted {
  const { model, threshold, positives } = state;
  const k = model.factors;
  const method = bprMeta.id;
  const rule = threshold === null ? 'every interaction counts as a positive' : `a rating ≥ ${threshold} counts as a positive`;

  const explainTerms = (intro: string, q: readonly number[], item: number): Explanation => {
    checkIndex('item', item, model.nItems);
    return {
      method,
      intro,
      trace: bprScoreTrace({ bi: model.itemBias[item] as number, q, p: tableRow(model.itemFactors, item, k) }),
      resultLabel: 'x̂',
      tables: [],
    };
  };

  return {
    method,
    scoreItems(user: number) {
      checkIndex('user', user, model.nUsers);
      return bprScoresForUser(model, user);
    },
    explain(user: number, item: number) {
      checkIndex('user', user, model.nUsers);
      return explainTerms(
        `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: in training, ${positives}. BPR learned the item bias b_i and the ${k}-factor vectors q_u, p_i so that each user’s positives score above the items they have no positive with.`,
        tableRow(model.userFactors, user, k),
        item,
      );
    },
    ...itemVectorSimilarity(method, model.itemFactors, model.nItems, k, ctx, (a, b) => `Cosine of the BPR item vectors of ${a} and ${b}: their dot product over the product of their norms.`),
    foldIn(rated: readonly Rated[]) {
      const mine = visitorPositives(rated, threshold);
      const q = foldInBprUser(model, mine, state.foldIn);
      const distinct = new Set(mine).size;
      const { epochs, learningRate, regularization } = state.foldIn;
      const how =
        distinct === 0
          ? `None of your ${rated.length} rating${rated.length === 1 ? ' is' : 's is'} a positive (${rule}), so your q is 0 and every item scores its bias b_i.`
          : `Your q was learned from your ${distinct} positive${distinct === 1 ? '' : 's'} (${rule}) with the item vectors and biases fixed: from q = 0, ${epochs} passes of BPR’s SGD step, each positive paired with a random item you have no positive with (η = ${learningRate}, λ = ${regularization}, seeded).`;
      const qList = Array.from(q);
      return {
        scores: bprScoresForVector(model, q),
        how,
        explain: (item: number) => explainTerms(`${how} Then the model’s formula scores ${ctx.names.item(item)}.`, qList, item),
      };
    },
    facts: () => [
      { label: 'positives', value: positives },
      { label: 'factors k', value: k },
    ],
    state: (): BprState => state,
  };
}
