/**
 * Worker API, the Jacobi (gather-only, full-batch) biased-MF update's check on the page's own tfjs
 * backend (for its end-to-end test): agreement of one tfjs epoch with the plain-JS update on the
 * selected dataset, and the validation RMSE after each epoch and the training wall time of tfjs's dense
 * minibatch path at the GPU defaults (Adam, DEFAULT_TRAIN_PARAMS) and of the Jacobi update, side by side.
 */
import { median } from '../math/metrics';
import { createRng, shuffleInPlace } from '../math/random';
import type { MfModel } from '../math/mf';
import { initModel, meanRating } from '../model/batches';
import { jacobiEpochJs, trainMfJacobi } from '../model/jacobiMf';
import { DEFAULT_TRAIN_PARAMS } from '../model/params';
import type { EpochReport, TrainParams } from '../model/params';
import { trainMfTfjs } from '../model/tfjsTrainer';
import { ensureBackend, requireDataset, tf, tfQueue } from './session';

export interface JacobiCheckRequest {
  factors: number;
  /** Epochs of each trainer (the Jacobi update takes one step an epoch, tfjs ⌈N / batch⌉). */
  tfjsEpochs: number;
  jacobiEpochs: number;
  validationFraction: number;
  seed: number;
  /** λ of the Jacobi update (DEFAULT_TRAIN_PARAMS.regularization by default; tfjs always runs at its default). */
  jacobiRegularization?: number;
}

/** One trainer's curve: per epoch, the validation RMSE and the training milliseconds so far. */
export interface JacobiTrainerFigures {
  valRmse: number[];
  elapsedMs: number[];
  /** Median ratings/s over epochs 2… (the first includes compiling). */
  ratingsPerSec: number;
}

export interface JacobiCheck {
  backend: string;
  trainRatings: number;
  /** Largest |tfjs − JS| entry of the tables after one Jacobi epoch from the same start. */
  oneEpochMaxAbsDiff: number;
  tfjs: JacobiTrainerFigures;
  jacobi: JacobiTrainerFigures;
}

function maxAbsDiff(a: MfModel, b: MfModel): number {
  let d = 0;
  for (const key of ['userFactors', 'itemFactors', 'userBias', 'itemBias'] as const) {
    for (let j = 0; j < a[key].length; j++) d = Math.max(d, Math.abs((a[key][j] as number) - (b[key][j] as number)));
  }
  return d;
}

function figures(reports: EpochReport[]): JacobiTrainerFigures {
  let ms = 0;
  return {
    valRmse: reports.map((r) => r.valRmse),
    elapsedMs: reports.map((r) => (ms += r.epochMs)),
    ratingsPerSec: median(reports.slice(1).map((r) => r.ratingsPerSec)),
  };
}

export const jacobiCheckApi = {
  /** Runs the check on the selected dataset and the page's backend. */
  async checkJacobi(request: JacobiCheckRequest): Promise<JacobiCheck> {
    const { dataset } = requireDataset();
    const data = dataset.ratings;
    const { users: nUsers, items: nItems } = dataset.meta;
    return tfQueue.run(async () => {
      const info = await ensureBackend();
      const order = Int32Array.from({ length: data.ratings.length }, (_, j) => j);
      shuffleInPlace(createRng(request.seed + 1), order);
      const nVal = Math.round(order.length * request.validationFraction);
      const rows = { train: order.slice(nVal).sort(), validation: order.slice(0, nVal).sort() };
      const params: TrainParams = { ...DEFAULT_TRAIN_PARAMS, factors: request.factors, seed: request.seed, validationFraction: 0 };

      const one = await trainMfJacobi(tf, data, nUsers, nItems, { ...params, epochs: 1 }, {}, info.name, rows);
      const ref = initModel(nUsers, nItems, params.factors, meanRating(data.ratings, rows.train), createRng(params.seed));
      jacobiEpochJs(data, ref, rows.train, params.regularization);

      const run = async (train: typeof trainMfTfjs, epochs: number, regularization = params.regularization) => {
        const reports: EpochReport[] = [];
        await train(tf, data, nUsers, nItems, { ...params, epochs, regularization }, { onEpoch: (r) => reports.push(r) }, info.name, rows);
        return figures(reports);
      };
      const tfjs = await run(trainMfTfjs, request.tfjsEpochs);
      const jacobi = await run(trainMfJacobi, request.jacobiEpochs, request.jacobiRegularization);
      return { backend: info.name, trainRatings: rows.train.length, oneEpochMaxAbsDiff: maxAbsDiff(one, ref), tfjs, jacobi };
    });
  },
};
