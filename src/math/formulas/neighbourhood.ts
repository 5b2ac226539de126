/** Neighbourhood (k-NN) rating predictions, user- and item-based — traced. */
import { cosineSimilarity, pearsonCorrelation } from './similarity';
import {
  FormulaError,
  fmt,
  fmtOp,
  joinSum,
  requireFinite,
  sum,
  texText,
  traced,
  type TraceStep,
  type Traced,
} from './trace';

/** One neighbour of the target: its similarity to the target and its rating of the target item. */
export interface Neighbour {
  /** Optional display name ('Bob', 'Item 3'); defaults to its 1-based position. */
  id?: string;
  similarity: number;
  rating: number;
}

/** A neighbour with its own mean rating r̄_j, for the mean-centred variant. */
export interface CentredNeighbour extends Neighbour {
  mean: number;
}

type Kind = 'user' | 'item';

interface Chosen<N extends Neighbour> {
  chosen: N[];
  names: string[];
  note: string | undefined;
  step: TraceStep;
}

/**
 * The k nearest neighbours = the k with the highest similarity (ties keep input order).
 * Negative similarities are allowed; they only enter if they are among the top k.
 */
function chooseNearest<N extends Neighbour>(neighbours: readonly N[], k: number, kind: Kind): Chosen<N> {
  if (!Array.isArray(neighbours) || neighbours.length === 0) throw new FormulaError('no neighbours: the prediction needs at least one neighbour with a rating');
  if (!Number.isInteger(k) || k < 1) throw new FormulaError(`k must be a whole number ≥ 1, got ${k}`);
  neighbours.forEach((nb, i) => {
    requireFinite(`neighbour ${i + 1} similarity`, nb.similarity);
    requireFinite(`neighbour ${i + 1} rating`, nb.rating);
  });
  const named = neighbours.map((nb, i) => ({ nb, name: nb.id ?? `${kind === 'user' ? 'v' : 'j'}_${i + 1}`, i }));
  const sorted = [...named].sort((x, y) => y.nb.similarity - x.nb.similarity || x.i - y.i);
  const kept = sorted.slice(0, k);
  const dropped = sorted.slice(k);
  const note =
    k > neighbours.length
      ? `k = ${k} but only ${neighbours.length} neighbour${neighbours.length === 1 ? '' : 's'} given: all are used.`
      : dropped.length > 0
        ? `Kept the ${k} most similar; left out ${dropped.map((d) => `${d.name} (s = ${fmt(d.nb.similarity)})`).join(', ')}.`
        : undefined;
  const step: TraceStep = {
    label: `Choose the k = ${k} nearest ${kind === 'user' ? 'users' : 'items'} (highest similarity)`,
    tex: `N_k = \\{${kept.map((c) => `${texText(c.name)}\\,(s=${fmt(c.nb.similarity)})`).join(',\\ ')}\\}`,
  };
  return { chosen: kept.map((c) => c.nb), names: kept.map((c) => c.name), note, step };
}

function weightedAverage(neighbours: readonly Neighbour[], k: number, kind: Kind): Traced<number> {
  const { chosen, note, step } = chooseNearest(neighbours, k, kind);
  const num = sum(chosen.map((c) => c.similarity * c.rating));
  const den = sum(chosen.map((c) => Math.abs(c.similarity)));
  if (den === 0) {
    throw new FormulaError(
      `Σ|s_j| = 0 over the ${chosen.length} chosen neighbour${chosen.length === 1 ? '' : 's'} (every similarity is 0): the weighted average is undefined because no neighbour carries any weight`,
    );
  }
  const value = num / den;
  const sub = kind === 'user' ? { s: 's_{uv}', r: 'r_{vi}', set: 'v\\in N_k(u)' } : { s: 's_{ij}', r: 'r_{uj}', set: 'j\\in N_k(i)' };
  const steps: TraceStep[] = [
    step,
    {
      label: 'Numerator: similarity-weighted ratings',
      tex: `\\sum ${sub.s}\\,${sub.r} = ${joinSum(chosen.map((c) => `${fmtOp(c.similarity)}\\cdot ${fmtOp(c.rating)}`))} = ${fmt(num)}`,
    },
    {
      label: 'Denominator: total absolute similarity',
      tex: `\\sum |${sub.s}| = ${joinSum(chosen.map((c) => `|${fmt(c.similarity)}|`))} = ${fmt(den)}`,
    },
    { label: 'Prediction', tex: `\\hat r_{ui} = \\frac{${fmt(num)}}{${fmt(den)}} = ${fmt(value)}` },
  ];
  return traced(
    value,
    `\\hat r_{ui} = \\frac{\\sum_{${sub.set}} ${sub.s}\\, ${sub.r}}{\\sum_{${sub.set}} |${sub.s}|}`,
    steps,
    chosen.length === 1 ? 'With a single neighbour the similarity cancels: the prediction is that neighbour’s rating.' : undefined,
    note,
  );
}

/**
 * User-based k-NN prediction: the similarity-weighted average of the k most similar users' ratings of item i.
 * `r̂_ui = Σ_{v∈N_k(u)} s_uv · r_vi / Σ_{v∈N_k(u)} |s_uv|`
 * Nearest = highest similarity. Σ|s| = 0 → FormulaError.
 */
export function userBasedPrediction(neighbours: readonly Neighbour[], k: number): Traced<number> {
  return weightedAverage(neighbours, k, 'user');
}

/**
 * Item-based k-NN prediction: the similarity-weighted average of user u's ratings of the k items most similar to i.
 * `r̂_ui = Σ_{j∈N_k(i)} s_ij · r_uj / Σ_{j∈N_k(i)} |s_ij|`
 * Nearest = highest similarity. Σ|s| = 0 → FormulaError.
 */
export function itemBasedPrediction(neighbours: readonly Neighbour[], k: number): Traced<number> {
  return weightedAverage(neighbours, k, 'item');
}

/**
 * Mean-centred k-NN prediction: the target's mean plus the weighted average of the neighbours' deviations from their own means.
 * `r̂_ui = r̄_u + Σ_j s_j (r_j − r̄_j) / Σ_j |s_j|`
 * (user-based: r̄_u is the target user's mean and r̄_j each neighbour user's mean; item-based: `mean` is r̄_i and r̄_j are item means).
 * Σ|s| = 0 → FormulaError.
 */
export function meanCentredPrediction(input: { mean: number; neighbours: readonly CentredNeighbour[]; k: number; kind?: Kind }): Traced<number> {
  const kind = input.kind ?? 'user';
  requireFinite('mean', input.mean);
  input.neighbours.forEach((nb, i) => requireFinite(`neighbour ${i + 1} mean`, nb.mean));
  const { chosen, note, step } = chooseNearest(input.neighbours, input.k, kind);
  const dev = chosen.map((c) => c.rating - c.mean);
  const num = sum(chosen.map((c, i) => c.similarity * (dev[i] as number)));
  const den = sum(chosen.map((c) => Math.abs(c.similarity)));
  if (den === 0) {
    throw new FormulaError(`Σ|s_j| = 0 over the ${chosen.length} chosen neighbours (every similarity is 0): the weighted deviation is undefined`);
  }
  const value = input.mean + num / den;
  const base = kind === 'user' ? '\\bar r_u' : '\\bar r_i';
  const steps: TraceStep[] = [
    step,
    {
      label: 'Deviations from each neighbour’s mean',
      tex: chosen.map((c, i) => `${fmt(c.rating)} - ${fmtOp(c.mean)} = ${fmt(dev[i] as number)}`).join(',\\quad '),
    },
    {
      label: 'Numerator: similarity-weighted deviations',
      tex: `\\sum_j s_j (r_j - \\bar r_j) = ${joinSum(chosen.map((c, i) => `${fmtOp(c.similarity)}\\cdot ${fmtOp(dev[i] as number)}`))} = ${fmt(num)}`,
    },
    { label: 'Denominator: total absolute similarity', tex: `\\sum_j |s_j| = ${joinSum(chosen.map((c) => `|${fmt(c.similarity)}|`))} = ${fmt(den)}` },
    {
      label: 'Prediction',
      tex: `\\hat r_{ui} = ${fmt(input.mean)} + \\frac{${fmt(num)}}{${fmt(den)}} = ${fmt(input.mean)} + ${fmtOp(num / den)} = ${fmt(value)}`,
    },
  ];
  return traced(value, `\\hat r_{ui} = ${base} + \\frac{\\sum_j s_j\\,(r_j - \\bar r_j)}{\\sum_j |s_j|}`, steps, note);
}

/** A neighbour with the baseline estimate b_j of its rating, for the baseline-centred variant. */
export interface BaselineNeighbour extends Neighbour {
  baseline: number;
}

/**
 * Baseline-centred k-NN prediction (Surprise's KNNBaseline): the target's baseline plus the weighted average of the neighbours' residuals from their own baselines.
 * `r̂_ui = b_ui + Σ_j s_j (r_j − b_j) / Σ_j |s_j|`, with `b_ui = μ + b_u + b_i`
 * (user-based: b_j = b_vi = μ + b_v + b_i for neighbour user v; item-based: b_j = b_uj = μ + b_u + b_j).
 * Σ|s| = 0 → FormulaError.
 */
export function baselineCentredPrediction(input: { baseline: number; neighbours: readonly BaselineNeighbour[]; k: number; kind?: Kind }): Traced<number> {
  const kind = input.kind ?? 'user';
  requireFinite('baseline', input.baseline);
  input.neighbours.forEach((nb, i) => requireFinite(`neighbour ${i + 1} baseline`, nb.baseline));
  const { chosen, note, step } = chooseNearest(input.neighbours, input.k, kind);
  const res = chosen.map((c) => c.rating - c.baseline);
  const num = sum(chosen.map((c, i) => c.similarity * (res[i] as number)));
  const den = sum(chosen.map((c) => Math.abs(c.similarity)));
  if (den === 0) {
    throw new FormulaError(`Σ|s_j| = 0 over the ${chosen.length} chosen neighbours (every similarity is 0): the weighted residual is undefined`);
  }
  const value = input.baseline + num / den;
  const steps: TraceStep[] = [
    step,
    {
      label: 'Residuals from each neighbour’s baseline',
      tex: chosen.map((c, i) => `${fmt(c.rating)} - ${fmtOp(c.baseline)} = ${fmt(res[i] as number)}`).join(',\\quad '),
    },
    {
      label: 'Numerator: similarity-weighted residuals',
      tex: `\\sum_j s_j (r_j - b_j) = ${joinSum(chosen.map((c, i) => `${fmtOp(c.similarity)}\\cdot ${fmtOp(res[i] as number)}`))} = ${fmt(num)}`,
    },
    { label: 'Denominator: total absolute similarity', tex: `\\sum_j |s_j| = ${joinSum(chosen.map((c) => `|${fmt(c.similarity)}|`))} = ${fmt(den)}` },
    {
      label: 'Prediction',
      tex: `\\hat r_{ui} = ${fmt(input.baseline)} + \\frac{${fmt(num)}}{${fmt(den)}} = ${fmt(input.baseline)} + ${fmtOp(num / den)} = ${fmt(value)}`,
    },
  ];
  return traced(value, `\\hat r_{ui} = b_{ui} + \\frac{\\sum_j s_j\\,(r_j - b_j)}{\\sum_j |s_j|}`, steps, note);
}

/** A ratings matrix: rows = users, columns = items, null = not rated. */
export type RatingsMatrix = readonly (readonly (number | null)[])[];

/**
 * Builds user-based neighbours for (user, item) from a ratings matrix: every other user who rated `item`,
 * with their similarity to `user` computed on the items both rated (cosine by default, or population Pearson).
 * Users with no co-rated item, or for whom the similarity is undefined, are skipped and named in the note.
 * The trace has one step per similarity, so the page shows they were computed from the data, not typed.
 */
export function neighboursFromRatings(input: {
  ratings: RatingsMatrix;
  user: number;
  item: number;
  similarity?: 'cosine' | 'pearson';
  names?: readonly string[];
}): Traced<Neighbour[]> {
  const { ratings, user, item } = input;
  const sim = input.similarity ?? 'cosine';
  const target = ratings[user];
  if (target === undefined) throw new FormulaError(`user ${user} is not a row of the ratings matrix (${ratings.length} users)`);
  if (item < 0 || item >= target.length || !Number.isInteger(item)) throw new FormulaError(`item ${item} is not a column of the ratings matrix (${target.length} items)`);
  const name = (u: number) => input.names?.[u] ?? `user ${u + 1}`;
  const neighbours: Neighbour[] = [];
  const steps: TraceStep[] = [];
  const skipped: string[] = [];
  ratings.forEach((row, v) => {
    const r = row[item];
    if (v === user || r === null || r === undefined) return;
    const co = target.map((x, j) => (j !== item && x !== null && row[j] !== null && row[j] !== undefined ? j : -1)).filter((j) => j >= 0);
    if (co.length === 0) {
      skipped.push(`${name(v)} (no co-rated items)`);
      return;
    }
    const a = co.map((j) => target[j] as number);
    const b = co.map((j) => row[j] as number);
    try {
      const t = sim === 'cosine' ? cosineSimilarity(a, b) : pearsonCorrelation(a, b, 'population');
      neighbours.push({ id: name(v), similarity: t.value, rating: r });
      steps.push({
        label: `${sim === 'cosine' ? 'Cosine' : 'Pearson'} similarity of ${name(user)} and ${name(v)} on ${co.length} co-rated item${co.length === 1 ? '' : 's'}`,
        tex: `s = ${sim === 'cosine' ? '\\cos' : 'r'}\\left(${texText(name(user))}, ${texText(name(v))}\\right) = ${t.steps.at(-1)?.tex.split(' = ').slice(1).join(' = ') ?? fmt(t.value)}`,
      });
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      skipped.push(`${name(v)} (${e.message})`);
    }
  });
  if (neighbours.length === 0) throw new FormulaError(`no usable neighbour: nobody else rated item ${item + 1} with at least one co-rated item`);
  return traced(
    neighbours,
    sim === 'cosine'
      ? 's_{uv} = \\cos(\\mathbf{r}_u, \\mathbf{r}_v) \\text{ over items both rated}'
      : 's_{uv} = r(\\mathbf{r}_u, \\mathbf{r}_v) \\text{ over items both rated}',
    steps,
    `Similarities use only the items both users rated, excluding the target item ${item + 1}.`,
    skipped.length > 0 ? `Skipped: ${skipped.join('; ')}.` : undefined,
  );
}

