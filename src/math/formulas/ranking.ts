/**
 * Top-k ranking metrics with binary relevance — traced.
 * Conventions: `ranked` is the recommendation list, best first (duplicates are an error);
 * `relevant` is the set of relevant item ids; positions are 1-based.
 */
import { FormulaError, fmt, joinSum, sum, texText, traced, type TraceStep, type Traced } from './trace';

export type ItemId = string | number;

interface TopK {
  top: ItemId[];
  hits: boolean[];
  relevant: Set<ItemId>;
  step: TraceStep;
}

function topK(ranked: readonly ItemId[], relevantIn: Iterable<ItemId>, k: number): TopK {
  if (!Number.isInteger(k) || k < 1) throw new FormulaError(`k must be a whole number ≥ 1, got ${k}`);
  if (new Set(ranked).size !== ranked.length) throw new FormulaError('the ranked list contains an item twice: each item may appear once');
  const relevant = new Set(relevantIn);
  const top = ranked.slice(0, k);
  const hits = top.map((id) => relevant.has(id));
  const step: TraceStep = {
    label: `Top ${k} (✓ = relevant)`,
    tex: top.length === 0 ? '\\text{(empty list)}' : top.map((id, i) => `${i + 1}.\\ ${texText(String(id))}${hits[i] ? '\\,\\checkmark' : ''}`).join(',\\quad '),
  };
  return { top, hits, relevant, step };
}

/**
 * Precision at k: the share of the top k that is relevant.
 * `P@k = |{relevant items in the top k}| / k` — always divided by k, even if the list is shorter than k.
 */
export function precisionAtK(ranked: readonly ItemId[], relevant: Iterable<ItemId>, k: number): Traced<number> {
  const t = topK(ranked, relevant, k);
  const h = t.hits.filter(Boolean).length;
  const value = h / k;
  return traced(
    value,
    '\\mathrm{P@}k = \\frac{|\\{\\text{relevant items in the top } k\\}|}{k}',
    [t.step, { label: 'Precision', tex: `\\mathrm{P@}${k} = \\frac{${h}}{${k}} = ${fmt(value)}` }],
    t.top.length < k ? `The list has only ${t.top.length} items; the convention here still divides by k = ${k}.` : undefined,
  );
}

/**
 * Recall at k: the share of all relevant items that made it into the top k.
 * `R@k = |{relevant items in the top k}| / |relevant|` — undefined (FormulaError) with no relevant items.
 */
export function recallAtK(ranked: readonly ItemId[], relevant: Iterable<ItemId>, k: number): Traced<number> {
  const t = topK(ranked, relevant, k);
  if (t.relevant.size === 0) throw new FormulaError('recall is undefined with no relevant items: |relevant| = 0');
  const h = t.hits.filter(Boolean).length;
  const value = h / t.relevant.size;
  return traced(value, '\\mathrm{R@}k = \\frac{|\\{\\text{relevant items in the top } k\\}|}{|\\text{relevant}|}', [
    t.step,
    { label: 'Recall', tex: `\\mathrm{R@}${k} = \\frac{${h}}{${t.relevant.size}} = ${fmt(value)}` },
  ]);
}

/**
 * Normalised discounted cumulative gain at k, binary relevance, log₂ discount.
 * `DCG@k = Σ_{i=1}^{k} rel_i / log₂(i + 1)` with rel_i ∈ {0, 1} (position i is 1-based, so the top item is undiscounted);
 * `IDCG@k = Σ_{i=1}^{min(k, |relevant|)} 1 / log₂(i + 1)` — the DCG of an ideal list that puts all relevant items first;
 * `NDCG@k = DCG@k / IDCG@k` ∈ [0, 1]. Undefined (FormulaError) with no relevant items.
 */
export function ndcgAtK(ranked: readonly ItemId[], relevant: Iterable<ItemId>, k: number): Traced<number> {
  const t = topK(ranked, relevant, k);
  if (t.relevant.size === 0) throw new FormulaError('NDCG is undefined with no relevant items: the ideal DCG is 0');
  const gains = t.hits.map((h, i) => (h ? 1 / Math.log2(i + 2) : 0));
  const dcg = sum(gains);
  const idealN = Math.min(k, t.relevant.size);
  const ideal = Array.from({ length: idealN }, (_, i) => 1 / Math.log2(i + 2));
  const idcg = sum(ideal);
  const value = dcg / idcg;
  const hitTerms = t.hits.map((h, i) => (h ? `\\frac{1}{\\log_2 ${i + 2}}` : '')).filter(Boolean);
  return traced(
    value,
    '\\mathrm{NDCG@}k = \\frac{\\mathrm{DCG@}k}{\\mathrm{IDCG@}k},\\quad \\mathrm{DCG@}k = \\sum_{i=1}^{k}\\frac{\\mathrm{rel}_i}{\\log_2(i+1)}',
    [
      t.step,
      { label: 'DCG (relevant positions only)', tex: `\\mathrm{DCG@}${k} = ${hitTerms.length > 0 ? `${joinSum(hitTerms)} = ` : ''}${fmt(dcg)}` },
      {
        label: `Ideal DCG (${idealN} relevant item${idealN === 1 ? '' : 's'} at the top)`,
        tex: `\\mathrm{IDCG@}${k} = ${joinSum(ideal.map((_, i) => `\\frac{1}{\\log_2 ${i + 2}}`))} = ${fmt(idcg)}`,
      },
      { label: 'NDCG', tex: `\\mathrm{NDCG@}${k} = \\frac{${fmt(dcg)}}{${fmt(idcg)}} = ${fmt(value)}` },
    ],
    'Binary relevance (rel = 1 if the item is in the relevant set), log₂(i + 1) discount with 1-based positions, ideal DCG from the relevant set.',
  );
}
