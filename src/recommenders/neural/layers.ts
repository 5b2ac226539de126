/**
 * The architecture of a neural method from its parameter values, before or after fitting. Pure (no
 * tfjs), so the train form can show the layer table as the parameters change.
 */
import { countParameters, describeLayers } from '../../math/neural/architecture';
import type { NeuralSpec } from '../../math/neural/weights';
import type { LayerDescription } from '../../math/neural/architecture';
import type { ParamValues } from '../types';

/** Embedding size used when a value is missing or not a whole number ≥ 1. */
export const FALLBACK_EMBEDDING_DIM = 16;

/** Hidden widths from a preset like '64,32,16' (bottom first); '' or 'none' is no hidden layer. */
export function parseLayers(text: string): number[] {
  const t = text.trim();
  if (t === '' || t === 'none') return [];
  const widths = t.split(/[,\s]+/).map(Number);
  if (widths.some((w) => !(Number.isInteger(w) && w >= 1))) throw new Error(`Hidden layers must be whole numbers ≥ 1 separated by commas, e.g. 64,32,16; got "${text}".`);
  return widths;
}

const wholeOr = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fallback);

/**
 * The network's shape from parameter values: embeddingDim → d, layers (absent for the neural
 * scorer) → hidden widths, gmf / gmfDim → the GMF branch. Tolerant for forms being edited: a
 * missing or invalid embedding size counts as 16, invalid layers as none, gmfDim as d.
 */
export function neuralSpecOf(values: ParamValues, nUsers: number, nItems: number): NeuralSpec {
  const dim = wholeOr(values.embeddingDim, FALLBACK_EMBEDDING_DIM);
  let hidden: number[] = [];
  if (typeof values.layers === 'string') {
    try {
      hidden = parseLayers(values.layers);
    } catch {
      hidden = [];
    }
  }
  const gmfDim = values.gmf === true ? wholeOr(values.gmfDim, dim) : 0;
  return { nUsers: Math.max(1, nUsers), nItems: Math.max(1, nItems), dim, hidden, gmfDim };
}

/**
 * The layers of the network these parameter values build for nUsers × nItems, bottom to top, each
 * with its name (e.g. 'Dense 64 → 32 + ReLU'), shape (e.g. '64 × 32 + 32') and parameter count
 * (in·out + out for a Dense layer, n·d for an embedding table, 0 for a concatenation).
 * Works for both neural methods: without a `layers` value there is no hidden layer (the neural
 * scorer).
 */
export function describeNeuralLayers(values: ParamValues, nUsers: number, nItems: number): { name: string; shape: string; params: number }[] {
  return describeLayers(neuralSpecOf(values, nUsers, nItems));
}

/** Total learned parameters of the network these values build. */
export function countNeuralParameters(values: ParamValues, nUsers: number, nItems: number): number {
  return countParameters(neuralSpecOf(values, nUsers, nItems));
}

/** A count with thin groups of three: 2080 → '2 080'. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export type { LayerDescription };
