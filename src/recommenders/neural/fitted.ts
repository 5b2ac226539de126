/**
 * A fitted neural method (neural scorer or NCF): scores are computed on the CPU from the trained
 * float32 weights (downloaded from the GPU when trained there), so the listed score and its traced
 * explanation come from the same numbers.
 */
import { cosineSimilarity } from '../../math/formulas/similarity';
import { fmt } from '../../math/formulas/trace';
import { NEURAL_FOLD_IN, foldInVisitor } from '../../math/neural/foldIn';
import { neuralOutput, neuralScorerTerms } from '../../math/neural/formulas';
import { forwardWith, itemPartOf, scoreAllItemsWith, tableRow } from '../../math/neural/network';
import { countParameters, describeLayers } from '../../math/neural/architecture';
import type { NeuralWeights } from '../../math/neural/weights';
import type { NeuralLoss } from '../../math/neural/loss';
import { similarItemsCpu } from '../../model/similarity';
import { checkIndex } from '../scoring';
import type { Explanation, ExplanationTable, Fact, FitContext, Fitted, FoldedUser, Rated } from '../types';
import { formatCount } from './layers';

/** Everything a fitted neural method keeps (structured-cloneable). */
export interface NeuralState {
  method: 'neural-scorer' | 'ncf';
  weights: NeuralWeights;
  settings: { positiveAt: number; negatives: number; loss: NeuralLoss; seed: number };
  /** Whether the training data was implicit (every row a positive). */
  implicit: boolean;
  /** Largest rating of the scale (MSE targets are rating / ratingMax). */
  ratingMax: number;
  /** e.g. "ratings ≥ 4 count as positives (44 625 of 80 000 training ratings)". */
  positivesDescription: string;
  /** Mean training loss of each epoch run. */
  epochLosses: number[];
  lossLabel: string;
  /** Where it was trained ('cpu' = the plain-JS trainer). */
  backend: string;
}

/** How many of the largest contributions w_j·a_j the explanation lists. */
const TOP_CONTRIBUTIONS = 8;

const norm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += (v[k] as number) ** 2;
  return Math.sqrt(s);
};
const round = (x: number): number => Number(x.toPrecision(6));

export function neuralFitted(state: NeuralState, ctx: FitContext): Fitted {
  const { method, weights: w } = state;
  const { spec } = w;
  const { nUsers, nItems, dim: d, gmfDim: g } = spec;
  const nHidden = w.dense.length - 1;
  const out = w.dense[nHidden]!;
  let itemPart: Float64Array | null = null;
  const part = (): Float64Array => (itemPart ??= itemPartOf(w));

  /** The explanation of the score of `item` for user vectors (hu, pu). */
  const explainVectors = (intro: string, hu: ArrayLike<number>, pu: ArrayLike<number>, item: number, who: string): Explanation => {
    checkIndex('item', item, nItems);
    const pass = forwardWith(w, hu, pu, item);
    const hi = tableRow(w.itemEmb, item, d);
    const tables: ExplanationTable[] = [];
    let trace;
    if (method === 'neural-scorer' && nHidden === 0 && g === 0) {
      const wu = Array.from(out.W.subarray(0, d));
      const wi = Array.from(out.W.subarray(d, 2 * d));
      trace = neuralScorerTerms({ hu: Array.from(hu), hi: Array.from(hi), wu, wi, b: out.b[0] as number });
      let userTerm = 0;
      let itemTerm = 0;
      for (let k = 0; k < d; k++) {
        userTerm += (wu[k] as number) * (hu[k] as number);
        itemTerm += (wi[k] as number) * (hi[k] as number);
      }
      tables.push({
        caption: 'The three parts of z = w_u·h_u + w_i·h_i + b: only the item term differs between items, so it alone decides the ranking',
        columns: ['part', 'value', 'same for every item?'],
        rows: [
          [`user term w_u·h_u (${who})`, round(userTerm), 'yes'],
          [`item term w_i·h_i (${ctx.names.item(item)})`, round(itemTerm), 'no'],
          ['bias b', round(out.b[0] as number), 'yes'],
        ],
      });
    } else {
      const widths = [2 * d, ...spec.hidden];
      const layersTex = `[\\mathbf{h}_u;\\mathbf{h}_i]\\in\\mathbb{R}^{${2 * d}} ${spec.hidden.map((h, l) => `\\xrightarrow{\\text{Dense }${widths[l]}\\to${h}\\text{ + ReLU}} \\mathbf{a}^{(${l + 1})}\\in\\mathbb{R}^{${h}}`).join(' ')}${g > 0 ? `;\\quad \\mathbf{p}_u\\odot\\mathbf{q}_i\\in\\mathbb{R}^{${g}}` : ''}`;
      const nm = out.inputs - g;
      trace = neuralOutput({ a: Array.from(pass.top), w: Array.from(out.W), b: out.b[0] as number, hiddenWidth: nm, layers: layersTex });
      const contributions = Array.from(pass.top, (a, j) => ({ j, a, wj: out.W[j] as number, c: a * (out.W[j] as number) }))
        .sort((x, y) => Math.abs(y.c) - Math.abs(x.c) || x.j - y.j)
        .slice(0, TOP_CONTRIBUTIONS);
      const unit = (j: number) => (j < nm ? (nHidden > 0 ? `layer ${nHidden} unit ${j + 1}` : j < d ? `h_u[${j + 1}]` : `h_i[${j - d + 1}]`) : `p_u⊙q_i [${j - nm + 1}]`);
      tables.push({
        caption: `Largest contributions w_j·a_j to z (${contributions.length} of ${pass.top.length}; z = Σ_j w_j·a_j + b, b = ${fmt(out.b[0] as number)})`,
        columns: ['input j', 'a_j', 'w_j', 'w_j·a_j'],
        rows: contributions.map(({ j, a, wj, c }) => [unit(j), round(a), round(wj), round(c)]),
      });
      if (nHidden > 0) {
        tables.push({
          caption: 'Hidden layers for this pair: how many ReLU units are active (> 0)',
          columns: ['layer', 'units', 'active', 'largest activation'],
          rows: pass.hidden.map((a, l) => {
            let active = 0;
            let best = 0;
            for (const x of a) {
              if (x > 0) active++;
              best = Math.max(best, x);
            }
            return [`${l + 1}: Dense ${widths[l]} → ${spec.hidden[l]} + ReLU`, a.length, active, round(best)];
          }),
        });
      }
    }
    const norms: (string | number)[][] = [
      [`‖h_u‖ (${who})`, round(norm(hu))],
      [`‖h_i‖ (${ctx.names.item(item)})`, round(norm(hi))],
    ];
    if (g > 0) norms.push([`‖p_u‖ (${who})`, round(norm(pu))], [`‖q_i‖ (${ctx.names.item(item)})`, round(norm(tableRow(w.itemGmf, item, g)))]);
    tables.push({ caption: 'Embedding norms', columns: ['vector', 'norm'], rows: norms });
    return { method, intro, trace, resultLabel: 'ŷ', tables };
  };

  const userVectors = (user: number) => ({ hu: tableRow(w.userEmb, user, d), pu: tableRow(w.userGmf, user, g) });
  const layers = describeLayers(spec);
  const lastLoss = state.epochLosses.at(-1);

  return {
    method,
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      const { hu, pu } = userVectors(user);
      return scoreAllItemsWith(w, part(), hu, pu);
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      const { hu, pu } = userVectors(user);
      const intro =
        method === 'neural-scorer'
          ? `Why ${ctx.names.item(item)} scores this for ${ctx.names.user(user)}: the learned ${d}-entry embeddings h_u and h_i, weighted by the output neuron’s w = [w_u; w_i] and passed through σ.`
          : `Why ${ctx.names.item(item)} scores this for ${ctx.names.user(user)}: [h_u; h_i] went through the hidden layers (table below); the output neuron weighs the last layer${g > 0 ? ' and the GMF product p_u ⊙ q_i' : ''} and applies σ.`;
      return explainVectors(intro, hu, pu, item, ctx.names.user(user));
    },
    async similarItems(item, k) {
      checkIndex('item', item, nItems);
      return similarItemsCpu(w.itemEmb, nItems, d, [item], k)[0] ?? [];
    },
    explainSimilarity(a, b) {
      checkIndex('item', a, nItems);
      checkIndex('item', b, nItems);
      return {
        method,
        intro: `Cosine of the learned item embeddings h_i of ${ctx.names.item(a)} and ${ctx.names.item(b)}: their dot product over the product of their norms.`,
        trace: cosineSimilarity(Array.from(tableRow(w.itemEmb, a, d)), Array.from(tableRow(w.itemEmb, b, d))),
        resultLabel: 'cos',
        tables: [],
      };
    },
    foldIn(rated: readonly Rated[]): FoldedUser {
      const kept = rated.filter((r) => r.item >= 0 && r.item < nItems && (state.implicit || r.rating >= state.settings.positiveAt));
      const targets = kept.map((r) => (state.settings.loss === 'mse' ? (state.implicit ? 1 : Math.min(1, Math.max(0, r.rating / state.ratingMax))) : 1));
      const { hu, pu, lastLoss: foldLoss } = foldInVisitor(
        w,
        kept.map((r) => r.item),
        targets,
        { ...NEURAL_FOLD_IN, negatives: state.settings.negatives, loss: state.settings.loss, seed: state.settings.seed },
      );
      const how =
        kept.length === 0
          ? `None of your ratings is a positive (rating ≥ ${state.settings.positiveAt}), so your vectors stay at 0 and the network scores items for an empty profile.`
          : `Your h_u${g > 0 ? ' and p_u' : ''} were learned from your ${kept.length} positive${kept.length === 1 ? '' : 's'} and ${state.settings.negatives} sampled negatives each by ${NEURAL_FOLD_IN.steps} Adam steps (η ${NEURAL_FOLD_IN.learningRate}), the network and item vectors frozen; final loss ${fmt(foldLoss)}.` +
            (method === 'neural-scorer' ? ' With this scorer your h_u only moves the user term, the same for every item: your ranking is everyone’s.' : '');
      return {
        scores: scoreAllItemsWith(w, part(), hu, pu),
        how,
        explain: (item: number) => explainVectors(`${how} Then the network scores ${ctx.names.item(item)}.`, hu, pu, item, 'you'),
      };
    },
    facts() {
      const facts: Fact[] = layers.map((l, k) => ({
        label: `layer ${k + 1}: ${l.name}`,
        value: l.params === 0 ? `width ${l.shape}, no params` : `${l.shape} = ${formatCount(l.params)} params`,
      }));
      facts.push(
        { label: 'total parameters', value: formatCount(countParameters(spec)) },
        { label: 'positives', value: state.positivesDescription },
        { label: 'negatives per positive', value: state.settings.negatives },
        { label: 'loss', value: state.lossLabel },
      );
      if (lastLoss !== undefined && Number.isFinite(lastLoss)) facts.push({ label: `final training loss (epoch ${state.epochLosses.length})`, value: Number(lastLoss.toFixed(5)) });
      facts.push({ label: 'trained on', value: state.backend === 'cpu' ? 'CPU (plain-JS backpropagation)' : `${state.backend} (tfjs)` });
      if (method === 'neural-scorer') facts.push({ label: 'ranking', value: 'the same for every user: w·[h_u; h_i] = w_u·h_u + w_i·h_i has no user–item interaction' });
      return facts;
    },
    state: () => state,
  };
}
