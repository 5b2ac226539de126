/** Every formula and step renders with KaTeX (strict parse, throwOnError). Test-only import; the library itself stays DOM- and KaTeX-free. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as F from './index';
import { texText } from './trace';

function traces(): { name: string; t: F.Traced<unknown> }[] {
  const e = F;
  const nb = F.neighboursFromRatings({ ratings: e.example1.ratings, user: 0, item: 3, names: e.example1.users });
  return [
    { name: 'neighboursFromRatings', t: nb },
    { name: 'userBasedPrediction', t: F.userBasedPrediction(nb.value, 1) },
    { name: 'itemBasedPrediction', t: F.itemBasedPrediction([{ similarity: -0.5, rating: 2 }, { similarity: 0.7, rating: 4 }], 2) },
    { name: 'meanCentredPrediction', t: F.meanCentredPrediction({ mean: 3, neighbours: [{ id: 'x_1', similarity: 0.5, rating: 4, mean: 3.5 }], k: 1 }) },
    { name: 'contentBasedScore', t: F.contentBasedScore(e.example2.wu, e.example2.fi) },
    { name: 'neuralScore', t: F.neuralScore(e.example3) },
    { name: 'neuronOutput', t: F.neuronOutput(e.example4) },
    { name: 'cosineSimilarity', t: F.cosineSimilarity(e.example5.a, e.example5.b) },
    { name: 'pearsonCorrelation', t: F.pearsonCorrelation(e.example5.a, e.example5.b, 'sample') },
    { name: 'jaccardSimilarity', t: F.jaccardSimilarity(e.example6.a, e.example6.b) },
    { name: 'jaccard sets', t: F.jaccardSimilarity(new Set(['a_b', '50%', 'x{y}']), new Set(['50%'])) },
    { name: 'biasedMfPrediction', t: F.biasedMfPrediction(e.example7) },
    { name: 'meanSquaredError', t: F.meanSquaredError([0.82, -1], [1, 2]) },
    { name: 'halfSumSquaredError', t: F.halfSumSquaredError(0.82, 1) },
    { name: 'binaryCrossEntropy', t: F.binaryCrossEntropy([0, 1, 0.4], [1, 1, 0.5]) },
    { name: 'rootMeanSquaredError', t: F.rootMeanSquaredError([1, 2], [2, 2]) },
    { name: 'meanAbsoluteError', t: F.meanAbsoluteError([1, 2], [2, 2]) },
    { name: 'OLS', t: F.ordinaryLeastSquares({ columns: e.example8.columns }, e.example8.y, { intercept: false }) },
    { name: 'OLS singular', t: F.ordinaryLeastSquares({ columns: e.example8.columns }, e.example8.y, { intercept: true }) },
    { name: 'precisionAtK', t: F.precisionAtK(['a', 'b', 'c'], ['b'], 5) },
    { name: 'recallAtK', t: F.recallAtK(['a', 'b', 'c'], ['b'], 2) },
    { name: 'ndcgAtK', t: F.ndcgAtK([1, 2, 3], [2, 3], 3) },
    { name: 'dotProductPrediction', t: F.dotProductPrediction(e.example9) },
    { name: 'sigmoid negative', t: F.sigmoid(-2.5) },
    { name: 'long vector', t: F.cosineSimilarity(Array.from({ length: 20 }, (_, i) => i + 1), Array.from({ length: 20 }, () => 1)) },
  ];
}

describe('KaTeX renders every trace', () => {
  for (const { name, t } of traces()) {
    it(name, () => {
      for (const tex of [t.formula, ...t.steps.map((s) => s.tex)]) {
        expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' }), tex).not.toThrow();
      }
    });
  }
});

/** The text KaTeX's HTML shows: tags dropped, entities decoded, no-break spaces as spaces, zero-width spaces gone. */
function shownText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    .replace(/\u200b/g, '');
}

describe('texText: strings from files reach KaTeX as text only (issue 10)', () => {
  const hostile = [
    '<img src=x onerror=window.__xss=1>',
    '<script>window.__xss=2</script>',
    '"><svg onload=window.__xss=3>',
    '\\href{javascript:alert(1)}{click} \\htmlId{x}{y} $\\frac{1}{2}$',
    'a--b ---c ~^ 50% $5 #1 & x_1 {braces} back\\slash',
  ];
  for (const s of hostile) {
    it(JSON.stringify(s), () => {
      const html = katex.renderToString(`B_{${texText(s)},i} = 1`, { output: 'html', throwOnError: true, strict: 'error' });
      // Only KaTeX's own markup: spans with class, style and aria-hidden, nothing else.
      const tags = html.match(/<[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(5);
      for (const tag of tags) {
        expect(tag).toMatch(/^<\/?span[\s>]/);
        const attributes = [...tag.matchAll(/\s([a-z-]+)="[^"]*"/g)].map((m) => m[1]);
        expect(attributes.filter((a) => a !== 'class' && a !== 'style' && a !== 'aria-hidden')).toEqual([]);
      }
      expect(shownText(html)).toBe(`B${s},i=1`);
    });
  }
});
