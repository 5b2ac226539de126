/**
 * GRU next-item: each user's training items in time order are read by a GRU (or LSTM), trained to
 * predict the next item at every position; scores come from the state after the user's last item.
 *
 * Loss: a softmax cross-entropy over the next item. By default a sampled softmax: the true next
 * item against `negatives` items drawn uniformly per step and shared by the whole batch (accidental
 * hits left out). On the CPU (plain JS) with H = 32 and 64 negatives a position's output layer costs
 * ~6k multiply-adds (forward and backward) instead of ~160k for the full softmax over MovieLens
 * 100K's 1682 items, 9× the GRU's own ~18k; on a GPU the shared negatives make it one
 * [positions × negatives] matrix product and keep memory independent of the catalogue size. Uniform
 * negatives need no log-probability correction (the item biases still learn popularity from the
 * positives). negatives = 0 selects the exact full softmax. BPR with one negative per position was
 * not chosen: it gives each position one comparison where the shared negatives give 64 for about
 * the same cost.
 */
import { createSequenceTfjsRunner } from '../../model/sequenceTfjs';
import { createSequenceCpuRunner, sequenceLossLabel, trainSequenceModel } from '../../model/sequenceTrainer';
import { resolveParams } from '../params';
import type { Recommender } from '../types';
import { sequenceFitted } from './fitted';
import type { SequenceState } from './fitted';
import { sequenceMeta, sequenceParamsOf } from './meta';
import { NEEDS_TIMESTAMPS, sequenceOf, userSequences } from './sequences';
import { trainerHooks } from '../trainerHooks';

export const gruNextItem: Recommender = {
  meta: sequenceMeta,
  async fit(train, values, ctx) {
    const params = sequenceParamsOf(resolveParams(sequenceMeta, values, ctx.backend));
    if (train.timestamps === null) throw new Error(NEEDS_TIMESTAMPS);
    const sequences = userSequences(train, params.maxLength);
    const list = Array.from({ length: train.nUsers }, (_, u) => sequenceOf(sequences, u));
    const tf = ctx.tf;
    const gpu = ctx.backend !== 'cpu' && tf !== null;
    if (gpu) await tf.ready();
    const result = await trainSequenceModel(list, train.nItems, params, trainerHooks(ctx.hooks), ctx.backend, (init) =>
      gpu ? createSequenceTfjsRunner(tf, init, params) : createSequenceCpuRunner(init, params),
    );
    const state: SequenceState = { weights: result.weights, maxLength: params.maxLength, sequences, epochs: result.epochs, lossLabel: sequenceLossLabel(params.negatives) };
    return sequenceFitted(state, ctx);
  },
  restore(state, _train, ctx) {
    return sequenceFitted(state as SequenceState, ctx);
  },
};
