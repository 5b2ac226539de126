/**
 * Similar items by the cosine of a learned item-vector table (factor models' p_i, BPR's p_i, the
 * sequence model's output vectors), with its traced explanation. Runs in GPU row tiles when the
 * context has a GPU backend, in JavaScript otherwise.
 */
import { cosineSimilarity } from '../math/formulas';
import { DEFAULT_TILE_ROWS, rowNorms, similarItemsCpu, similarItemsTfjs } from '../model/similarity';
import { checkIndex } from './scoring';
import type { FitContext, Fitted } from './types';

/** Row `index` of a row-major table of rows `width` wide, as plain numbers. */
export const tableRow = (table: Float32Array, index: number, width: number): number[] => Array.from(table.subarray(index * width, (index + 1) * width));

/**
 * `similarItems` and `explainSimilarity` for `cos(i, j) = v_i·v_j / (‖v_i‖‖v_j‖)` over `table`
 * (nItems rows of `width`); `intro(a, b)` is the explanation's sentence for the items' names.
 */
export function itemVectorSimilarity(
  method: string,
  table: Float32Array,
  nItems: number,
  width: number,
  ctx: FitContext,
  intro: (a: string, b: string) => string,
): Required<Pick<Fitted, 'similarItems' | 'explainSimilarity'>> {
  // the rows' norms, computed at the first CPU query and kept for the next ones (the table is fixed once fitted)
  let norms: Float64Array | null = null;
  return {
    async similarItems(item: number, n: number) {
      checkIndex('item', item, nItems);
      const lists =
        ctx.backend === 'cpu' || !ctx.tf
          ? similarItemsCpu(table, nItems, width, [item], n, DEFAULT_TILE_ROWS, (norms ??= rowNorms(table, nItems, width)))
          : await similarItemsTfjs(ctx.tf, table, nItems, width, [item], n);
      return lists[0] ?? [];
    },
    explainSimilarity(a: number, b: number) {
      checkIndex('item', a, nItems);
      checkIndex('item', b, nItems);
      return {
        method,
        intro: intro(ctx.names.item(a), ctx.names.item(b)),
        trace: cosineSimilarity(tableRow(table, a, width), tableRow(table, b, width)),
        resultLabel: 'cos',
        tables: [],
      };
    },
  };
}
