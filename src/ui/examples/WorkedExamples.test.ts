/**
 * The worked-examples page rendered to HTML in Node (no DOM): every classic example shows the
 * correct value, the known misprints are named, and errors render as alerts instead of crashing.
 * Written with createElement (no JSX) so it runs under the existing `src/**\/*.test.ts` include.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { contentBasedScore, neuralScore, example3 } from '../../math/formulas';
import { splitNote } from './NoteView';
import { attempt, fixed4, fixed4Vec } from './outcome';
import { fieldError, parseNumber, ratings, resizeGrid } from './parse';
import { TraceView } from './TraceView';
import { WorkedExamples } from './WorkedExamples';

const html = renderToString(createElement(WorkedExamples));

/** Text of the element with data-testid = id (results are plain text). */
function result(id: string, source = html): string | undefined {
  return new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(source)?.[1];
}

describe('WorkedExamples page (server-rendered)', () => {
  it('has nine example sections, each labelled by its "Example N: …" heading, each with a Reset button', () => {
    for (let n = 1; n <= 9; n++) {
      expect(html).toContain(`aria-labelledby="example-${n}-heading"`);
      expect(html).toMatch(new RegExp(`<h2 id="example-${n}-heading">Example <!-- -->${n}<!-- -->: `));
      expect(html).toMatch(new RegExp(`<button type="button" aria-describedby="example-${n}-heading">Reset</button>`));
    }
    expect(html.match(/<section /g)).toHaveLength(9);
  });

  it('example 1 (Alice, Bob, Carol; k = 2): similarities from the data, then a real weighted average', () => {
    // Alice·Bob = 8+12+25 = 45, √50·√45 = 47.4342 → 0.9487; Alice·Carol = 20+6+20 = 46, √50·√45 → 0.9698
    expect(result('result-1-similarities')).toBe('Bob: 0.9487, Carol: 0.9698');
    // (0.948683·4 + 0.969765·2)/(0.948683 + 0.969765) = 5.734262/1.918448 = 2.9890
    expect(result('result-1-prediction')).toBe('2.9890');
    // r̄_Alice = 4, r̄_Bob = 15/4 = 3.75, r̄_Carol = 13/4 = 3.25: 4 + (0.948683·0.25 − 0.969765·1.25)/1.918448 = 4 − 0.50824 = 3.4918
    expect(result('result-1-centred')).toBe('3.4918');
    expect(html).toContain('aria-label="Alice, Item 1 rating"');
    expect(html).toContain('aria-label="Carol, Item 4 rating"');
  });

  it('examples 2–4: 0.39, σ(0.31) = 0.5769, σ(1.6) = 0.8320 (not 0.9185)', () => {
    expect(result('result-2-score')).toBe('0.3900');
    expect(result('result-3-score')).toBe('0.5769');
    expect(result('result-4-sigma')).toBe('0.8320');
    expect(html).toContain('aria-label="w_u entry 1"');
    expect(html).toContain('0.9185');
  });

  it('example 5: cosine 0.9949 (not 0.857) and Pearson 1', () => {
    expect(result('result-5-cosine')).toBe('0.9949');
    expect(result('result-5-pearson')).toBe('1.0000');
    expect(html).toContain('0.857');
    expect(html).toContain('Known misprint:');
  });

  it('example 6: binary cosine 0 and Jaccard 0', () => {
    expect(result('result-6-cosine')).toBe('0.0000');
    expect(result('result-6-jaccard')).toBe('0.0000');
  });

  it('example 7: prediction 0.82 (not 1.1), squared error 0.0324, ½ squared error 0.0162', () => {
    expect(result('result-7-prediction')).toBe('0.8200');
    expect(result('result-7-loss')).toBe('0.0324');
    expect(result('result-7-loss-half')).toBe('0.0162');
    expect(html).toContain('the often printed 1.1 is wrong');
  });

  it('example 8: β = (−1, 2), with XᵀX and Xᵀy shown, and the (2, 1) misprint named', () => {
    expect(result('result-8-beta')).toBe('(-1.0000, 2.0000)');
    expect(html).toContain('Gram matrix');
    expect(html).toContain('Moment vector');
    expect(html).toContain('β = (2, 1)');
  });

  it('example 9: prediction 0.73 against R = 1, squared error 0.0729', () => {
    expect(result('result-9-prediction')).toBe('0.7300');
    expect(result('result-9-target')).toBe('1');
    expect(result('result-9-loss')).toBe('0.0729');
  });

  it('math is rendered by KaTeX with MathML, and no default input is flagged as invalid', () => {
    expect(html).toContain('class="katex"');
    expect(html).toContain('<math');
    expect(html).not.toContain('aria-invalid="true"');
    expect(html).not.toContain('role="alert"');
  });

  it('no button is named Train, Stop or Import', () => {
    const names = [...html.matchAll(/<button([^>]*)>([^<]*)<\/button>/g)].map((m) => `${/aria-label="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? ''} ${m[2] ?? ''}`);
    expect(names).toContain(' Reset');
    expect(names).toContain('Add an entry to w_u +');
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) expect(name).not.toMatch(/train|stop|import/i);
  });
});

describe('TraceView', () => {
  it('shows a FormulaError as an alert in place of the result (3×3 W)', () => {
    const W = [[0.1, 0.1, 0.1], [0.1, 0.1, 0.1], [0.1, 0.1, 0.1]];
    const out = renderToString(
      createElement(TraceView<number>, { example: 3, outcome: attempt(() => neuralScore({ ...example3, W })), results: [{ name: 'score', label: 'Score', format: fixed4 }] }),
    );
    expect(out).toContain('role="alert"');
    expect(out).toContain('W is 3×3 but [h_u; h_i] has 6 entries: W·x is undefined; use a 1×6 weight');
    expect(out).not.toContain('data-testid="result-3-score"');
  });

  it('shows an unparsable input as a waiting message, not an alert', () => {
    const outcome = attempt(() => contentBasedScore(ratings([['x']], ['Alice'], ['Item 1'])[0] as number[], [1]));
    const out = renderToString(createElement(TraceView<number>, { example: 2, outcome, results: [{ name: 'score', label: 'Score', format: fixed4 }] }));
    expect(outcome.kind).toBe('invalid');
    expect(out).toContain('Alice, Item 1 rating: “x” is not a number.');
    expect(out).not.toContain('role="alert"');
  });
});

describe('helpers', () => {
  it('parseNumber accepts plain, signed, Unicode-minus, decimal-comma and exponent numbers only', () => {
    expect(parseNumber('0.3')).toBe(0.3);
    expect(parseNumber(' -2 ')).toBe(-2);
    expect(parseNumber('\u22121.5')).toBe(-1.5);
    expect(parseNumber('0,25')).toBe(0.25);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e-3')).toBe(0.001);
    for (const bad of ['', '-', 'abc', '0x10', 'Infinity', '1,2,3', '1e999']) expect(parseNumber(bad)).toBeNull();
    expect(fieldError('')).toBe('Empty: enter a number');
    expect(fieldError('', true)).toBeUndefined();
    expect(fieldError('4,3,5')).toBe('“4,3,5” is not a number');
  });

  it('ratings: empty = not rated', () => {
    expect(ratings([['4', ' ', '5']], ['A'], ['1', '2', '3'])).toEqual([[4, null, 5]]);
  });

  it('resizeGrid keeps entries and pads', () => {
    expect(resizeGrid([['1', '2']], 2, 3)).toEqual([['1', '2', '0'], ['0', '0', '0']]);
    expect(resizeGrid([['1', '2', '3']], 1, 2)).toEqual([['1', '2']]);
  });

  it('fixed4 formats results at 4 decimals without −0', () => {
    expect(fixed4(0.832018)).toBe('0.8320');
    expect(fixed4(-0.00001)).toBe('-1.000e-5');
    expect(fixed4(-1e-17 * 0)).toBe('0.0000');
    expect(fixed4Vec([-1, 2])).toBe('(-1.0000, 2.0000)');
  });

  it('splitNote separates the known misprint from the other remarks', () => {
    const t = neuralScore(example3);
    const { misprint } = splitNote(t.note ?? '');
    expect(misprint).toContain('3×3');
    expect(splitNote('plain remark')).toEqual({ plain: 'plain remark', misprint: undefined });
  });
});
