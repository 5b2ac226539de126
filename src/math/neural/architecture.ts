/** The architecture table of a neural recommender's network: its layers, their shapes and parameter counts. */
import { denseShapes, outputInputs } from './weights';
import type { NeuralSpec } from './weights';

/** One row of the architecture table. */
export interface LayerDescription {
  /** e.g. 'Dense 64 → 32 + ReLU'. */
  name: string;
  /** e.g. '64 × 32 + 32' (weights + biases) or '943 × 16' (an embedding table). */
  shape: string;
  /** Number of learned parameters (0 for a concatenation or product). */
  params: number;
}

/**
 * The layers of a network bottom to top with their shapes and parameter counts:
 * embedding tables (n × d), the concatenation [h_u; h_i] (2d, no parameters), each Dense layer
 * (in·out + out parameters), the GMF product when there is one, and the output Dense → 1 + σ.
 */
export function describeLayers(spec: NeuralSpec): LayerDescription[] {
  const { nUsers, nItems, dim, gmfDim } = spec;
  const rows: LayerDescription[] = [
    { name: 'user embedding h_u', shape: `${nUsers} × ${dim}`, params: nUsers * dim },
    { name: 'item embedding h_i', shape: `${nItems} × ${dim}`, params: nItems * dim },
  ];
  if (gmfDim > 0) {
    rows.push(
      { name: 'GMF user embedding p_u', shape: `${nUsers} × ${gmfDim}`, params: nUsers * gmfDim },
      { name: 'GMF item embedding q_i', shape: `${nItems} × ${gmfDim}`, params: nItems * gmfDim },
    );
  }
  rows.push({ name: 'concatenate [h_u; h_i]', shape: `${2 * dim}`, params: 0 });
  const shapes = denseShapes(spec);
  shapes.slice(0, -1).forEach(({ inputs, outputs }) => {
    rows.push({ name: `Dense ${inputs} → ${outputs} + ReLU`, shape: `${inputs} × ${outputs} + ${outputs}`, params: inputs * outputs + outputs });
  });
  if (gmfDim > 0) {
    rows.push({ name: 'GMF product p_u ⊙ q_i', shape: `${gmfDim}`, params: 0 });
    rows.push({ name: `concatenate [a; p_u ⊙ q_i]`, shape: `${outputInputs(spec)}`, params: 0 });
  }
  const out = shapes.at(-1)!;
  rows.push({ name: `Dense ${out.inputs} → 1 + sigmoid (output)`, shape: `${out.inputs} × 1 + 1`, params: out.inputs + 1 });
  return rows;
}

/** Total number of learned parameters. */
export function countParameters(spec: NeuralSpec): number {
  let n = 0;
  for (const row of describeLayers(spec)) n += row.params;
  return n;
}
