/**
 * A fitted next-item model: scores from the final hidden state after reading a user's training
 * sequence, computed in plain JS from the downloaded float32 weights (whatever backend trained
 * them), so explanations reproduce the listed scores exactly.
 */
import { SeqWorkspace, finalHidden, largestTerms, nextItemScore, scoresFromHidden } from '../../math/sequence';
import type { SeqWeights } from '../../math/sequence';
import { itemVectorSimilarity, tableRow } from '../itemVectors';
import { checkIndex } from '../scoring';
import type { Explanation, ExplanationTable, FitContext, Fitted, FoldedUser, Rated } from '../types';
import { sequenceMeta } from './meta';
import { sequenceOf } from './sequences';
import type { UserSequences } from './sequences';

/** Everything a fitted model needs (structured-cloneable). */
export interface SequenceState {
  weights: SeqWeights;
  maxLength: number;
  /** Each user's last maxLength training items, oldest first. */
  sequences: UserSequences;
  /** Training facts. */
  epochs: number;
  lossLabel: string;
}

/** How many of the latest items the explanation's table lists. */
export const SHOWN_HISTORY = 10;
/** How many terms of h_T·o_i the explanation's table lists. */
export const SHOWN_TERMS = 8;

export function sequenceFitted(state: SequenceState, ctx: FitContext): Fitted {
  const { weights: w, maxLength, sequences } = state;
  const H = w.hiddenSize;
  const nUsers = sequences.offsets.length - 1;
  const cellName = w.cell === 'gru' ? 'GRU' : 'LSTM';
  const ws = new SeqWorkspace(w, maxLength);
  const hidden = new Map<number, Float32Array>();
  /** h_T of a user (cached): their training sequence read from h_0 = 0. */
  const hiddenOf = (u: number): Float32Array => {
    let h = hidden.get(u);
    if (!h) {
      h = finalHidden(w, sequenceOf(sequences, u), ws);
      hidden.set(u, h);
    }
    return h;
  };

  /** The explanation of item i's score for hidden state h after reading `seq`. */
  const explainFor = (intro: string, seq: ArrayLike<number>, h: Float32Array, item: number): Explanation => {
    checkIndex('item', item, w.nItems);
    const hv = Array.from(h);
    const o = tableRow(w.out, item, H);
    const trace = nextItemScore({ h: hv, o, c: w.outBias[item]! });
    const tables: ExplanationTable[] = [];
    const from = Math.max(0, seq.length - SHOWN_HISTORY);
    tables.push({
      caption:
        seq.length === 0
          ? `The sequence the ${cellName} read is empty, so h_T = 0 and the score is the item’s bias c_i.`
          : `The sequence the ${cellName} read, oldest first (${seq.length > SHOWN_HISTORY ? `the last ${SHOWN_HISTORY} of ${seq.length}` : `all ${seq.length}`}); h_T is the state after the last one.`,
      columns: ['step t', 'item x_t'],
      rows: Array.from({ length: seq.length - from }, (_, j) => [from + j + 1, ctx.names.item(seq[from + j]!)]),
    });
    tables.push({
      caption: `The largest terms h_k·o_k of h_T·o_i (of ${H}).`,
      columns: ['k', 'h_k', 'o_k', 'h_k·o_k'],
      rows: largestTerms(hv, o, SHOWN_TERMS).map((t) => [t.k + 1, t.h, t.o, t.product]),
    });
    return { method: sequenceMeta.id, intro, trace, resultLabel: 'score', tables };
  };

  const folded = (rated: readonly Rated[]): FoldedUser => {
    for (const r of rated) checkIndex('item', r.item, w.nItems);
    const all = rated.map((r) => r.item);
    const seq = all.slice(Math.max(0, all.length - maxLength));
    const h = finalHidden(w, seq);
    const how =
      seq.length === 0
        ? `You have rated nothing yet, so the ${cellName} starts from h = 0 and every item scores its bias c_i.`
        : `The ${cellName} read your ${seq.length} rated item${seq.length === 1 ? '' : 's'} in the order you rated them${all.length > seq.length ? ` (the last ${maxLength} of ${all.length})` : ''} — the ratings themselves are not used, only the order — and scores every item from its final state.`;
    return {
      scores: scoresFromHidden(w, h),
      how,
      explain: (item: number) => explainFor(`${how} Then item ${ctx.names.item(item)}’s output vector and bias give its score.`, seq, h, item),
    };
  };

  let seqUsers = 0;
  for (let u = 0; u < nUsers; u++) if (sequences.offsets[u + 1]! - sequences.offsets[u]! >= 1) seqUsers++;

  return {
    method: sequenceMeta.id,
    scoreItems(user: number) {
      checkIndex('user', user, nUsers);
      return scoresFromHidden(w, hiddenOf(user));
    },
    explain(user: number, item: number) {
      checkIndex('user', user, nUsers);
      const seq = sequenceOf(sequences, user);
      return explainFor(
        `Why ${ctx.names.item(item)} comes next for ${ctx.names.user(user)}: the ${cellName} read their latest training items in time order into the state h_T, and the item’s learned output vector o_i and bias c_i score it.`,
        seq,
        hiddenOf(user),
        item,
      );
    },
    ...itemVectorSimilarity(
      sequenceMeta.id,
      w.out,
      w.nItems,
      H,
      ctx,
      (a, b) => `Cosine of the learned output vectors of ${a} and ${b}: items whose vectors point the same way are predicted after the same histories.`,
    ),
    foldIn: folded,
    facts: () => [
      { label: 'cell', value: cellName },
      { label: 'embedding d / hidden H', value: `${w.embeddingDim} / ${H}` },
      { label: 'users with a sequence', value: seqUsers },
      { label: 'max sequence length', value: maxLength },
      { label: 'epochs trained', value: state.epochs },
      { label: 'loss', value: state.lossLabel },
    ],
    state: (): SequenceState => state,
  };
}
