/** The real numbers behind each kind of listed value, gathered for the UI's "Explain" panels. */
import type { Dataset } from '../data/types';
import type { MfModel } from '../math/mf';
import { foldInUser } from '../math/foldIn';
import { describeItem, tableRow } from './recommending';
import type { Explanation } from './types';

/** r̂_ui = μ + b_u + b_i + q_u·p_i: the parameters of user `user` and item `item`. */
export function explainMfScore(dataset: Dataset, m: MfModel, user: number, item: number): Explanation {
  return {
    kind: 'mf',
    userId: dataset.userIds[user] ?? String(user),
    item: describeItem(dataset, item),
    mu: m.mu,
    bu: m.userBias[user]!,
    bi: m.itemBias[item]!,
    q: tableRow(m.userFactors, user, m.factors),
    p: tableRow(m.itemFactors, item, m.factors),
  };
}

/** cos(p_a, p_b): the two learned item vectors. */
export function explainItemCosine(dataset: Dataset, m: MfModel, a: number, b: number): Explanation {
  return {
    kind: 'cosine',
    a: describeItem(dataset, a),
    b: describeItem(dataset, b),
    pa: tableRow(m.itemFactors, a, m.factors),
    pb: tableRow(m.itemFactors, b, m.factors),
  };
}

/** The MF formula with a visitor's bias and vector solved from `rated` (item vectors fixed). */
export function explainFoldInScore(
  dataset: Dataset,
  m: MfModel,
  rated: readonly { item: number; rating: number }[],
  item: number,
  lambda: number,
): Explanation {
  const { bias, vector } = foldInUser(m, rated, lambda);
  return {
    kind: 'foldIn',
    rated: rated.length,
    lambda,
    item: describeItem(dataset, item),
    mu: m.mu,
    bu: bias,
    bi: m.itemBias[item]!,
    q: Array.from(vector),
    p: tableRow(m.itemFactors, item, m.factors),
  };
}
