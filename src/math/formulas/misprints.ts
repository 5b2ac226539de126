/**
 * Known misprints of the lesson's classic examples. When a formula is evaluated on exactly the
 * classic inputs, its note names the wrong value that circulates and why it is wrong, so a reader
 * comparing with a printed source is not left wondering which one to believe.
 */

export interface KnownMisprint {
  /** Which formula the entry belongs to. */
  formula: string;
  /** The classic inputs, flattened in the order the formula lists them. */
  inputs: readonly number[];
  /** The wrong value(s) as often printed. */
  wrong: string;
  /** The explanation shown in the note. */
  text: string;
}

export const KNOWN_MISPRINTS: readonly KnownMisprint[] = [
  {
    formula: 'sigmoid',
    inputs: [1.6],
    wrong: '0.9185',
    text: 'σ(1.6) = 1/(1 + e^−1.6) = 1/(1 + 0.2019) = 0.8320; the value 0.9185 that is often printed for this example is wrong.',
  },
  {
    formula: 'cosineSimilarity',
    inputs: [1, 2, 3, 4, 5, 2, 3, 4, 5, 6],
    wrong: '40 and 0.857',
    text: '(1,2,3,4,5)·(2,3,4,5,6) = 2 + 6 + 12 + 20 + 30 = 70, not the 40 that is often printed, so the cosine is 70/(√55·√90) = 0.9949, not 0.857.',
  },
  {
    formula: 'pearsonCorrelation',
    inputs: [1, 2, 3, 4, 5, 2, 3, 4, 5, 6],
    wrong: 'a value below 1',
    text: 'b = a + 1 exactly, so the centred vectors are identical and r = 1 (the dot product of the raw vectors is 70, not 40 as sometimes printed; Pearson does not depend on it).',
  },
  {
    formula: 'biasedMfPrediction',
    inputs: [0.5, 0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    wrong: '1.1',
    text: 'q·p = 0.1·0.4 + 0.2·0.5 + 0.3·0.6 = 0.04 + 0.10 + 0.18 = 0.32, so r̂ = 0.5 + 0.32 = 0.82; the often printed 1.1 is wrong (it is μ + q₁ + q₂ + q₃ = 0.5 + 0.6: the entries of q were added up instead of multiplied by those of p).',
  },
  {
    formula: 'meanSquaredError',
    inputs: [0.82, 1],
    wrong: '0.05',
    text: '(1 − 0.82)² = 0.18² = 0.0324 (plain squared error) and ½·0.0324 = 0.0162 (the ½Σ form); the often printed 0.05 matches neither.',
  },
  {
    formula: 'halfSumSquaredError',
    inputs: [0.82, 1],
    wrong: '0.05',
    text: '½(1 − 0.82)² = ½·0.0324 = 0.0162 — this ½Σ form is the one that gives 0.0162; the plain squared error is 0.0324; the often printed 0.05 matches neither.',
  },
  {
    formula: 'ordinaryLeastSquares',
    inputs: [1, 2, 3, 2, 3, 4, 3, 4, 5],
    wrong: 'β = (2, 1)',
    text: 'The often printed β = (2, 1) does not fit the data: 2·1 + 1·2 = 4 ≠ 3. The least-squares solution is β = (−1, 2), which fits exactly: −1 + 4 = 3, −2 + 6 = 4, −3 + 8 = 5.',
  },
  {
    formula: 'neuralScore',
    inputs: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    wrong: 'a 3×3 weight matrix',
    text: 'Some versions of this example use a 3×3 W, but W·[h_u; h_i] needs W to have 6 columns; a single score needs a 1×6 weight.',
  },
];

/** The note for the classic misprint of `formula` if `inputs` are exactly its classic inputs. */
export function misprintNote(formula: string, inputs: readonly number[]): string | undefined {
  const entry = KNOWN_MISPRINTS.find(
    (m) => m.formula === formula && m.inputs.length === inputs.length && m.inputs.every((x, i) => Math.abs(x - (inputs[i] as number)) < 1e-12),
  );
  return entry?.text;
}
