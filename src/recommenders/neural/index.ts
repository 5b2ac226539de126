/**
 * The neural methods behind the recommender contract: the neural scorer σ(w·[h_u; h_i] + b) and
 * NCF / NeuMF. Both train on positives (rating ≥ positiveAt, or every row of implicit data) and
 * sampled negatives, with Adam: in plain JS on the 'cpu' backend, through tfjs (ctx.tf) on webgpu /
 * webgl. Scores are computed on the CPU from the trained weights either way.
 */
import type { PositiveRows } from '../../math/neural/sampling';
import { NEURAL_LOSS_LABELS, trainNeural } from '../../model/neuralTrainer';
import { positivesOf } from '../implicit';
import { num, resolveParams } from '../params';
import type { Recommender, RecommenderMeta, TrainSet } from '../types';
import { neuralFitted } from './fitted';
import type { NeuralState } from './fitted';
import { neuralSpecOf, parseLayers } from './layers';
import { ncfMeta, neuralScorerMeta, neuralTrainParamsOf } from './meta';
import { trainerHooks } from '../trainerHooks';

export { describeNeuralLayers, countNeuralParameters, neuralSpecOf, parseLayers } from './layers';
export { ncfMeta, neuralScorerMeta, NCF_DEFAULTS, NEURAL_SCORER_DEFAULTS, NCF_LAYER_PRESETS } from './meta';
export type { NeuralState } from './fitted';

/**
 * The positives of `train` at `threshold`, user by user (items ascending), with their labels:
 * 1 for BCE; for MSE the rating scaled to [0, 1] as rating / ratingMax (1 on implicit data).
 */
export function positiveRowsOf(train: TrainSet, threshold: number, loss: 'bce' | 'mse'): PositiveRows {
  const m = train.byUser();
  const users: number[] = [];
  const items: number[] = [];
  const targets: number[] = [];
  for (let u = 0; u < m.nRows; u++) {
    for (let p = m.indptr[u] as number, end = m.indptr[u + 1] as number; p < end; p++) {
      const r = m.values[p] as number;
      if (!train.implicit && r < threshold) continue;
      users.push(u);
      items.push(m.indices[p] as number);
      targets.push(loss === 'bce' || train.implicit ? 1 : Math.min(1, Math.max(0, r / train.ratingMax)));
    }
  }
  return { users: Int32Array.from(users), items: Int32Array.from(items), targets: Float32Array.from(targets) };
}

function neuralRecommender(meta: RecommenderMeta, method: NeuralState['method']): Recommender {
  return {
    meta,
    async fit(train, values, ctx) {
      const p = resolveParams(meta, values, ctx.backend);
      if (typeof p.layers === 'string') parseLayers(p.layers);
      const params = neuralTrainParamsOf(p);
      const threshold = num(p, 'positiveAt');
      const positives = positivesOf(train, threshold);
      const spec = neuralSpecOf(p, train.nUsers, train.nItems);
      const backend = ctx.backend;
      const { weights, reports } = await trainNeural(
        { spec, positives: positiveRowsOf(train, threshold, params.loss), exclude: positives.byUser },
        params,
        trainerHooks(ctx.hooks),
        backend,
        ctx.tf,
      );
      const state: NeuralState = {
        method,
        weights,
        settings: { positiveAt: threshold, negatives: params.negatives, loss: params.loss, seed: params.seed },
        implicit: train.implicit,
        ratingMax: train.ratingMax,
        positivesDescription: positives.description,
        // a resumed run reports only the epochs after its checkpoint: the earlier ones' losses are unknown here (NaN)
        epochLosses: [...Array.from({ length: ctx.hooks.resume?.epoch ?? 0 }, () => NaN), ...reports.map((r) => r.trainLoss)],
        lossLabel: NEURAL_LOSS_LABELS[params.loss],
        backend: backend === 'cpu' || ctx.tf === null ? 'cpu' : backend,
      };
      return neuralFitted(state, ctx);
    },
    restore(state, _train, ctx) {
      return neuralFitted(state as NeuralState, ctx);
    },
  };
}

export const neuralScorer: Recommender = neuralRecommender(neuralScorerMeta, 'neural-scorer');
export const ncf: Recommender = neuralRecommender(ncfMeta, 'ncf');
