/** Similarity measures: cosine, Pearson, Jaccard — traced. */
import { misprintNote } from './misprints';
import {
  dotTrace,
  FormulaError,
  fmt,
  fmtOp,
  joinSum,
  requireSameLength,
  sum,
  texText,
  texVec,
  traced,
  type TraceStep,
  type Traced,
} from './trace';

/** `\sqrt{1^2 + (-2)^2} = \sqrt{5}` for a norm step; returns the norm and its tex (right-hand side). */
function normTrace(v: readonly number[]): { value: number; squares: number; tex: string } {
  const squares = sum(v.map((x) => x * x));
  const value = Math.sqrt(squares);
  const tex = `\\sqrt{${joinSum(v.map((x) => `${fmtOp(x)}^2`))}} = \\sqrt{${fmt(squares)}} = ${fmt(value)}`;
  return { value, squares, tex };
}

/**
 * Cosine similarity.
 * `cos(a, b) = a·b / (‖a‖ ‖b‖) = Σ_k a_k b_k / (√(Σ_k a_k²) · √(Σ_k b_k²))`
 *
 * A zero vector has no direction, so the cosine is undefined: throws FormulaError naming the
 * zero vector (the page shows the message) rather than silently returning 0.
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): Traced<number> {
  requireSameLength('a', a, 'b', b);
  const dot = dotTrace(a, b);
  const na = normTrace(a);
  const nb = normTrace(b);
  const zero = [na.value === 0 ? 'a' : '', nb.value === 0 ? 'b' : ''].filter(Boolean);
  if (zero.length > 0) {
    throw new FormulaError(
      `cosine similarity is undefined: ‖${zero.join('‖ = ‖')}‖ = 0 (every entry of ${zero.join(' and ')} is 0), so the denominator ‖a‖·‖b‖ is 0 — a zero vector has no direction to compare`,
    );
  }
  const denom = na.value * nb.value;
  const value = dot.value / denom;
  const steps: TraceStep[] = [
    { label: 'Dot product', tex: `\\mathbf{a}\\cdot\\mathbf{b} = ${dot.tex}` },
    { label: 'Norm of a', tex: `\\lVert\\mathbf{a}\\rVert = ${na.tex}` },
    { label: 'Norm of b', tex: `\\lVert\\mathbf{b}\\rVert = ${nb.tex}` },
    {
      label: 'Cosine',
      tex: `\\cos(\\mathbf{a},\\mathbf{b}) = \\frac{${fmt(dot.value)}}{${fmt(na.value)}\\cdot ${fmt(nb.value)}} = \\frac{${fmt(dot.value)}}{${fmt(denom)}} = ${fmt(value)}`,
    },
  ];
  return traced(
    value,
    '\\cos(\\mathbf{a},\\mathbf{b}) = \\frac{\\mathbf{a}\\cdot\\mathbf{b}}{\\lVert\\mathbf{a}\\rVert\\,\\lVert\\mathbf{b}\\rVert} = \\frac{\\sum_k a_k b_k}{\\sqrt{\\sum_k a_k^2}\\,\\sqrt{\\sum_k b_k^2}}',
    steps,
    misprintNote('cosineSimilarity', [...a, ...b]),
  );
}

export type PearsonForm = 'population' | 'sample';

/**
 * Pearson correlation.
 * `r = cov(a, b) / (σ_a σ_b)`, with `cov = Σ (a_k − ā)(b_k − b̄) / D` and `σ_a = √(Σ (a_k − ā)² / D)`,
 * where `D = n` for the population form and `D = n − 1` for the sample form.
 * D cancels, so both forms give the same r; the trace shows cov and σ with the chosen D.
 * A constant vector has σ = 0 and r is undefined: throws FormulaError.
 */
export function pearsonCorrelation(a: readonly number[], b: readonly number[], form: PearsonForm = 'population'): Traced<number> {
  requireSameLength('a', a, 'b', b);
  const n = a.length;
  if (form !== 'population' && form !== 'sample') throw new FormulaError(`form must be 'population' or 'sample', got ${String(form)}`);
  if (form === 'sample' && n < 2) throw new FormulaError('the sample form divides by n − 1 = 0: it needs at least 2 pairs');
  const d = form === 'population' ? n : n - 1;
  const dSym = form === 'population' ? 'n' : 'n-1';
  const meanA = sum(a) / n;
  const meanB = sum(b) / n;
  const da = a.map((x) => x - meanA);
  const db = b.map((x) => x - meanB);
  const dot = dotTrace(da, db);
  const ssA = sum(da.map((x) => x * x));
  const ssB = sum(db.map((x) => x * x));
  const constant = [ssA === 0 ? 'a' : '', ssB === 0 ? 'b' : ''].filter(Boolean);
  if (constant.length > 0) {
    throw new FormulaError(
      `Pearson correlation is undefined: ${constant.join(' and ')} ${constant.length > 1 ? 'are' : 'is'} constant, so σ = 0 and r = cov/(σ_a σ_b) divides by 0`,
    );
  }
  const cov = dot.value / d;
  const sdA = Math.sqrt(ssA / d);
  const sdB = Math.sqrt(ssB / d);
  const value = Math.max(-1, Math.min(1, cov / (sdA * sdB)));
  const steps: TraceStep[] = [
    {
      label: 'Means',
      tex: `\\bar a = \\frac{${joinSum(a.map((x, i) => (i === 0 ? fmt(x) : fmtOp(x))))}}{${n}} = ${fmt(meanA)},\\quad \\bar b = \\frac{${joinSum(b.map((x, i) => (i === 0 ? fmt(x) : fmtOp(x))))}}{${n}} = ${fmt(meanB)}`,
    },
    { label: 'Centred vectors', tex: `\\mathbf{a}-\\bar a = ${texVec(da)},\\quad \\mathbf{b}-\\bar b = ${texVec(db)}` },
    { label: 'Sum of cross products', tex: `\\sum_k (a_k-\\bar a)(b_k-\\bar b) = ${dot.tex}` },
    {
      label: `Covariance (${form}: divide by ${dSym} = ${d})`,
      tex: `\\operatorname{cov}(\\mathbf{a},\\mathbf{b}) = \\frac{${fmt(dot.value)}}{${d}} = ${fmt(cov)}`,
    },
    {
      label: `Standard deviations (${form}: divide by ${dSym} = ${d})`,
      tex: `\\sigma_a = \\sqrt{\\frac{${fmt(ssA)}}{${d}}} = ${fmt(sdA)},\\quad \\sigma_b = \\sqrt{\\frac{${fmt(ssB)}}{${d}}} = ${fmt(sdB)}`,
    },
    {
      label: 'Correlation',
      tex: `r = \\frac{${fmt(cov)}}{${fmt(sdA)}\\cdot ${fmt(sdB)}} = \\frac{${fmt(cov)}}{${fmt(sdA * sdB)}} = ${fmt(value)}`,
    },
  ];
  const other = form === 'population' ? 'sample' : 'population';
  const dOther = form === 'population' ? n - 1 : n;
  const formNote =
    `${form === 'population' ? 'Population' : 'Sample'} form: covariance and standard deviations divide by ${dSym} = ${d}.` +
    (n >= 2
      ? ` The ${other} form divides by ${dOther} instead (cov = ${fmt(dot.value / dOther)}, σ_a = ${fmt(Math.sqrt(ssA / dOther))}, σ_b = ${fmt(Math.sqrt(ssB / dOther))}); the divisor cancels in r, so r = ${fmt(value)} either way.`
      : '');
  return traced(
    value,
    `r = \\frac{\\operatorname{cov}(\\mathbf{a},\\mathbf{b})}{\\sigma_a\\,\\sigma_b} = \\frac{\\frac{1}{${dSym}}\\sum_k (a_k-\\bar a)(b_k-\\bar b)}{\\sqrt{\\frac{1}{${dSym}}\\sum_k (a_k-\\bar a)^2}\\,\\sqrt{\\frac{1}{${dSym}}\\sum_k (b_k-\\bar b)^2}}`,
    steps,
    formNote,
    misprintNote('pearsonCorrelation', [...a, ...b]),
  );
}

/**
 * Jaccard similarity of two binary vectors (entries 0/1, same length) or two sets.
 * `J(A, B) = |A ∩ B| / |A ∪ B|`; for binary vectors A = {k : a_k = 1}.
 * Undefined (FormulaError) when both are empty, since |A ∪ B| = 0.
 */
export function jaccardSimilarity(a: readonly number[], b: readonly number[]): Traced<number>;
export function jaccardSimilarity<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Traced<number>;
export function jaccardSimilarity<T>(a: readonly number[] | ReadonlySet<T>, b: readonly number[] | ReadonlySet<T>): Traced<number> {
  const formula = 'J(A,B) = \\frac{|A\\cap B|}{|A\\cup B|}';
  let inter: number;
  let union: number;
  const steps: TraceStep[] = [];
  if (Array.isArray(a) && Array.isArray(b)) {
    requireSameLength('a', a, 'b', b);
    for (const [name, v] of [['a', a], ['b', b]] as const) {
      const bad = v.findIndex((x) => x !== 0 && x !== 1);
      if (bad >= 0) {
        throw new FormulaError(`Jaccard similarity needs binary vectors: ${name}[${bad}] = ${v[bad]} is not 0 or 1 (binarise first, e.g. rating ≥ 4 → 1)`);
      }
    }
    const both = a.map((x, i) => (x === 1 && b[i] === 1 ? 1 : 0));
    const either = a.map((x, i) => (x === 1 || b[i] === 1 ? 1 : 0));
    inter = sum(both);
    union = sum(either);
    steps.push(
      { label: 'Positions where both are 1', tex: `|A\\cap B| = \\#\\{k : a_k = b_k = 1\\}: ${texVec(both)} \\Rightarrow ${inter}` },
      { label: 'Positions where either is 1', tex: `|A\\cup B| = \\#\\{k : a_k = 1 \\lor b_k = 1\\}: ${texVec(either)} \\Rightarrow ${union}` },
    );
  } else if (a instanceof Set && b instanceof Set) {
    const sa = a as ReadonlySet<T>;
    const sb = b as ReadonlySet<T>;
    const interItems = [...sa].filter((x) => sb.has(x));
    const unionItems = [...new Set([...sa, ...sb])];
    inter = interItems.length;
    union = unionItems.length;
    const setTex = (xs: readonly T[]) => `\\{${xs.map((x) => texText(String(x))).join(', ')}\\}`;
    steps.push(
      { label: 'Intersection', tex: `A\\cap B = ${setTex(interItems)},\\quad |A\\cap B| = ${inter}` },
      { label: 'Union', tex: `A\\cup B = ${setTex(unionItems)},\\quad |A\\cup B| = ${union}` },
    );
  } else {
    throw new FormulaError('jaccardSimilarity takes two binary vectors or two sets, not one of each');
  }
  if (union === 0) throw new FormulaError('Jaccard similarity is undefined for two empty sets: |A ∪ B| = 0');
  const value = inter / union;
  steps.push({ label: 'Jaccard', tex: `J(A,B) = \\frac{${inter}}{${union}} = ${fmt(value)}` });
  return traced(value, formula, steps);
}
