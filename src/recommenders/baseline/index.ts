/** Baseline predictor μ + b_u + b_i with regularized biases, fitted by ALS as Surprise's BaselineOnly. */
import { BASELINE_ALS_DEFAULTS, fitBaselineAls } from '../../math/baseline';
import { baselinePrediction } from '../../math/formulas/baselines';
import { num, resolveParams } from '../params';
import { checkIndex } from '../scoring';
import type { FitContext, Fitted, Rated, Recommender, RecommenderMeta } from '../types';

export const baselineMeta: RecommenderMeta = {
  id: 'baseline',
  name: 'Baseline μ + b_u + b_i',
  family: 'baseline',
  formula: '\\hat r_{ui} = \\mu + b_u + b_i',
  summary:
    'The global mean plus how much a user rates above or below it and how much an item is rated above or below it; the biases are regularized and fitted by alternating least squares (as Surprise’s BaselineOnly).',
  params: [
    { key: 'regUser', label: 'User regularization λ_u', help: 'Shrinks b_u toward 0: b_u = Σ(r − μ − b_i) / (λ_u + |I_u|).', type: 'number', default: BASELINE_ALS_DEFAULTS.regUser, min: 0, max: 10_000 },
    { key: 'regItem', label: 'Item regularization λ_i', help: 'Shrinks b_i toward 0: b_i = Σ(r − μ − b_u) / (λ_i + |U_i|).', type: 'number', default: BASELINE_ALS_DEFAULTS.regItem, min: 0, max: 10_000 },
    { key: 'epochs', label: 'ALS sweeps', help: 'Each sweep sets every b_i, then every b_u.', type: 'integer', default: BASELINE_ALS_DEFAULTS.epochs, min: 1, max: 1000 },
  ],
  feedback: 'explicit',
  predictsRatings: true,
  usesGpu: false,
  iterative: false,
};

interface BaselineState {
  mu: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  regUser: number;
}

function baselineFitted(state: BaselineState, ctx: FitContext): Fitted {
  const { mu, userBias, itemBias } = state;
  const nUsers = userBias.length;
  const nItems = itemBias.length;
  const scoresFor = (bu: number) => {
    const out = new Float32Array(nItems);
    for (let i = 0; i < nItems; i++) out[i] = mu + bu + (itemBias[i] as number);
    return out;
  };
  const explainWith = (bu: number, item: number, intro: string) => {
    checkIndex('item', item, nItems);
    return { method: baselineMeta.id, intro, trace: baselinePrediction({ mu, bu, bi: itemBias[item] as number }), resultLabel: 'r̂', tables: [] };
  };
  return {
    method: baselineMeta.id,
    predict: (u, i) => mu + (userBias[u] as number) + (itemBias[i] as number),
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return scoresFor(userBias[user] as number);
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      return explainWith(
        userBias[user] as number,
        item,
        `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: μ is the training mean, b_u how far this user rates from it, b_i how far this item is rated from it (both regularized).`,
      );
    },
    foldIn(rated: readonly Rated[]) {
      // the same ALS step for one new user, with the item biases fixed: b = Σ(r − μ − b_i) / (λ_u + n)
      let dev = 0;
      for (const r of rated) dev += r.rating - mu - (itemBias[r.item] as number);
      const bu = rated.length > 0 ? dev / (state.regUser + rated.length) : 0;
      const how = `Your bias b_u = Σ(r − μ − b_i) / (λ_u + n) = ${bu.toFixed(4)} from your ${rated.length} rating${rated.length === 1 ? '' : 's'} (λ_u = ${state.regUser}); the item biases stay as fitted.`;
      return { scores: scoresFor(bu), how, explain: (item: number) => explainWith(bu, item, how) };
    },
    facts: () => [{ label: 'μ (training mean)', value: mu }],
    state: (): BaselineState => state,
  };
}

export const baseline: Recommender = {
  meta: baselineMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(baselineMeta, values, ctx.backend);
    const regUser = num(p, 'regUser');
    const mu = train.globalMean;
    const { userBias, itemBias } = fitBaselineAls(train.byUser(), train.byItem(), mu, { regUser, regItem: num(p, 'regItem'), epochs: num(p, 'epochs') });
    return baselineFitted({ mu, userBias, itemBias, regUser }, ctx);
  },
  restore: (state, _train, ctx) => baselineFitted(state as BaselineState, ctx),
};
