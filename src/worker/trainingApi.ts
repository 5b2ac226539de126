/** Worker API, training: the methods, the backend, fitting a method, and the MF backend-parity check. */
import { untrainableReason } from '../data/trainable';
import { DEFAULT_TRAIN_PARAMS } from '../model/params';
import type { EpochReport, TrainParams } from '../model/params';
import { selectBackend } from '../model/backend';
import type { BackendInfo, BackendName } from '../model/backend';
import { trainMfCpu } from '../model/cpuTrainer';
import { trainMfTfjs } from '../model/tfjsTrainer';
import { mae, rmse } from '../math/metrics';
import { findRecommender, recommenderMetas } from '../recommenders/registry';
import { defaultParamsFor, resolveParams } from '../recommenders/params';
import type { FitHooks, Fitted, ParamValues, RecommenderMeta, TrainSet } from '../recommenders/types';
import { automaticChoice } from './calibration';
import type { TrainingCheckpoint } from '../model/trainHooks';
import { gpuLost, injectedFaultAfter } from './faults';
import { checkpointToResume, createCheckpointWriter, discardInterruptedRun, interruptedRunOf } from './checkpoints';
import type { InterruptedRun } from './checkpoints';
import { measureFitted } from '../evaluation/measure';
import type { RatingsColumns } from '../data/types';
import {
  currentBackend,
  demoDataset,
  dropModel,
  ensureBackend,
  fitContext,
  jobs,
  keepModel,
  modelsOfCurrent,
  newModelId,
  requireDataset,
  setBackend,
  setBackendPreference,
  setUnavailable,
  tf,
  tfQueue,
  unavailableBackends,
} from './session';
import { throttle } from './throttle';
import { holdoutTrainSet } from './modelRecord';
import { storeFitted } from './storedModels';
import { rowsOfSampledUsers, VALIDATION_RANKING_USERS } from './validationSample';
import type { ModelSummary, ParityRow, TrainOutcome, TrainRequest } from './types';

/**
 * Figures on held-out ratings: RMSE and MAE of a rating predictor (unclipped, like the training
 * curves), and for every method nDCG@10 and hit rate@10 of its top 10 among the items each user did
 * not rate in training, every held-out item relevant (the evaluation lab's definitions). Ranking
 * every item for every held-out user can take seconds (k-NN on 100 000 ratings), so the ranking
 * figures are measured on a seeded sample of at most VALIDATION_RANKING_USERS held-out users
 * (src/worker/validationSample.ts; every one on smaller data); a Stop during it keeps the model and
 * leaves the ranking figures out.
 */
async function validationOf(fitted: Fitted, meta: RecommenderMeta, train: TrainSet, rows: RatingsColumns, seed: number, shouldStop: () => boolean): Promise<ModelSummary['validation']> {
  if (rows.ratings.length === 0) return null;
  let errors: { rmse: number; mae: number } | null = null;
  if (fitted.predict) {
    const predicted = new Float64Array(rows.ratings.length);
    for (let j = 0; j < predicted.length; j++) predicted[j] = fitted.predict(rows.users[j]!, rows.items[j]!);
    errors = { rmse: rmse(predicted, rows.ratings), mae: mae(predicted, rows.ratings) };
  }
  let ranking: Awaited<ReturnType<typeof measureFitted>>['metrics'] = {};
  const sample = rowsOfSampledUsers(rows, VALIDATION_RANKING_USERS, seed);
  if (!shouldStop()) {
    try {
      ranking = (await measureFitted(fitted, { ...meta, predictsRatings: false }, train, sample.rows, { k: 10, relevanceThreshold: null }, { shouldStop })).metrics;
    } catch (e) {
      if (!(e instanceof Error && e.name === 'AbortError')) throw e;
    }
  }
  return {
    ratings: rows.ratings.length,
    rmse: errors?.rmse ?? null,
    mae: errors?.mae ?? null,
    ndcgAt10: ranking.ndcg ?? null,
    hitRateAt10: ranking.hitRate ?? null,
    rankedUsers: sample.users,
    heldOutUsers: sample.ofUsers,
  };
}

export const trainingApi = {
  /** Every method of the lab, in registry order, with its parameter schema. */
  listMethods(): RecommenderMeta[] {
    return recommenderMetas();
  },

  /** A method's default parameter values on a backend (e.g. Adam on a GPU, SGD on the CPU for MF). */
  defaultParams(method: string, backendName: BackendName): ParamValues {
    return defaultParamsFor(findRecommender(method).meta, backendName);
  },

  /** Picks the compute backend (WebGPU → WebGL → the lab's CPU trainer), smoke-tested before use. */
  async initBackend(preference: 'auto' | BackendName, page: { webgl: boolean }): Promise<BackendInfo> {
    return tfQueue.run(async () => {
      setUnavailable(page.webgl ? {} : { webgl: 'webgl: WebGL is disabled for this page (a canvas could not get a WebGL context)' });
      const info = await selectBackend(tf, preference, unavailableBackends());
      setBackend(info);
      setBackendPreference(preference);
      return info;
    });
  },

  /**
   * Fits a method on the selected dataset, holding out a seeded random fraction for validation
   * curves and figures, keeps it in the session and stores it in this browser (a storage failure
   * is reported in `storeError`; the model is kept for the session anyway). Stop (cancel) keeps an
   * iterative model trained so far.
   */
  async train(
    jobId: string,
    request: TrainRequest,
    onEpoch: (report: EpochReport) => void,
    onProgress: (fraction: number) => void,
  ): Promise<TrainOutcome> {
    const { dataset } = requireDataset();
    const untrainable = untrainableReason(dataset.meta);
    if (untrainable !== null) throw new Error(untrainable);
    const recommender = findRecommender(request.method);
    const job = jobs.start(jobId);
    try {
      return await tfQueue.run(async () => {
        const info = await ensureBackend();
        // resuming an interrupted run: its own settings, holdout, tables and curves
        const resumed = request.resume ? await checkpointToResume(dataset, recommender.meta.id, request) : null;
        const { train: trainSet, validation } = holdoutTrainSet(dataset, request.validationFraction, request.splitSeed);
        const trainRows = { validationFraction: request.validationFraction, splitSeed: request.splitSeed, trainRatings: trainSet.ratings.ratings.length };
        // the settings on a backend: the page's, or (when it showed its backend's defaults) that backend's defaults
        const given = resumed?.params ?? (request.defaults ? {} : request.params);
        const paramsOn = (b: BackendName) => resolveParams(recommender.meta, given, b);
        const choice = await automaticChoice(recommender, dataset, trainSet, paramsOn, () => job.signal.aborted);
        let ran: BackendName = recommender.meta.usesGpu ? (choice?.backend ?? info).name : 'cpu';
        const params = paramsOn(ran);
        const started = performance.now();
        let epochsRun = resumed?.epoch ?? 0;
        const curves: EpochReport[] = resumed ? [...resumed.curves] : [];
        const progress = throttle(onProgress, 100);
        // the last completed epoch's tables: stored (a reload resumes from them) and kept here (to go
        // on with another backend if this one fails); only trainers with checkpoints report them
        let checkpoint: TrainingCheckpoint<unknown> | null = resumed
          ? { epoch: resumed.epoch, model: resumed.model, optimizer: resumed.optimizer ?? null, ...(resumed.rng !== undefined ? { rng: resumed.rng } : {}) }
          : null;
        let writer: ReturnType<typeof createCheckpointWriter> | null = null;
        let checkpointError: string | null = null;
        const hooks: FitHooks = {
          onEpoch: (r: EpochReport) => {
            epochsRun = r.epoch;
            curves.push(r);
            onEpoch(r);
            if (checkpoint?.epoch === r.epoch) {
              writer ??= createCheckpointWriter(
                { datasetId: dataset.meta.id, method: recommender.meta.id, methodName: recommender.meta.name, params, train: trainRows, epochs: Number(params.epochs), backend: ran },
                dataset,
                (message) => (checkpointError ??= message),
              );
              writer.save(checkpoint, curves);
            }
            injectedFaultAfter(r.epoch);
          },
          onProgress: progress,
          shouldStop: () => job.signal.aborted,
          onCheckpoint: (c: TrainingCheckpoint<unknown>) => void (checkpoint = c),
          ...(checkpoint ? { resume: checkpoint } : {}),
        };
        let fitted: Fitted;
        let fallback: TrainOutcome['fallback'] = null;
        try {
          fitted = await recommender.fit(trainSet, params, fitContext(recommender.meta, dataset, hooks, validation));
        } catch (e) {
          // a GPU backend that fails mid-run (its device lost, a context gone): go on with the next one
          if (ran === 'cpu' || job.signal.aborted || (epochsRun === 0 && !gpuLost())) throw e;
          const reason = `${ran} failed during training: ${(e instanceof Error ? e.message : String(e)).replace(/\.+$/, '')}`;
          setUnavailable({ ...unavailableBackends(), [ran]: reason });
          const next = await selectBackend(tf, 'auto', unavailableBackends());
          setBackend(next);
          // (set by the onCheckpoint closure: TypeScript cannot see that)
          const resumeFrom = checkpoint as TrainingCheckpoint<unknown> | null;
          fallback = { from: ran, reason, resumedFromEpoch: resumeFrom?.epoch ?? null, backend: next };
          ran = next.name;
          const nextParams = resolveParams(recommender.meta, request.params, ran);
          fitted = await recommender.fit(trainSet, nextParams, fitContext(recommender.meta, dataset, { ...hooks, ...(resumeFrom ? { resume: resumeFrom } : {}) }, validation));
        }
        progress.flush();
        const fitMs = performance.now() - started;
        const summary: ModelSummary = {
          id: newModelId(recommender.meta.id),
          datasetId: dataset.meta.id,
          method: recommender.meta.id,
          methodName: recommender.meta.name,
          params,
          backend: ran,
          epochs: epochsRun,
          fitMs,
          createdAt: Date.now(),
          facts: fitted.facts(),
          predictsRatings: recommender.meta.predictsRatings,
          scoreLabel: recommender.meta.predictsRatings ? 'r̂' : 'score',
          similarity: fitted.similarItems !== undefined ? (recommender.meta.similarity ?? { symbol: 'sim', description: 'similarity' }) : null,
          canFoldIn: fitted.foldIn !== undefined,
          validation: validation ? await validationOf(fitted, recommender.meta, trainSet, validation, request.splitSeed, () => job.signal.aborted) : null,
          curves,
        };
        keepModel({ summary, fitted });
        // the run ended normally (finished or stopped): nothing is left to resume
        await (writer as ReturnType<typeof createCheckpointWriter> | null)?.discard();
        if (resumed && !writer) await discardInterruptedRun(dataset);
        const storeError = await storeFitted(summary, fitted, trainRows, dataset);
        return { model: summary, epochsRun, stopped: job.signal.aborted, backend: ran, seconds: fitMs / 1000, choice, fallback, storeError, checkpointError };
      });
    } finally {
      job.finish();
    }
  },

  /** The selected dataset's training run that a reload or a crash cut short, when it can be resumed. */
  async interruptedRun(): Promise<InterruptedRun | null> {
    return interruptedRunOf(requireDataset().dataset);
  },

  /** Forgets the selected dataset's interrupted run. */
  async discardInterruptedRun(): Promise<void> {
    await discardInterruptedRun(requireDataset().dataset);
  },

  /**
   * tf.memory() of the worker (tensor count and bytes held by tfjs) and the tfjs backend. A cheap
   * read, but queued behind tfjs work already queued, so it is taken between tasks (a reading taken
   * during, e.g., a similar-items query would count that query's temporary tensors).
   */
  async memory(): Promise<{ numTensors: number; numBytes: number; backend: string }> {
    return tfQueue.run(() => {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() };
    });
  },

  /** Models fitted on the selected dataset and kept in memory this session, oldest first (stored ones: listStoredModels). */
  listModels(): ModelSummary[] {
    return modelsOfCurrent().map((m) => m.summary);
  },

  /** Forgets a model kept in memory this session (a stored copy stays: deleteStoredModel removes both). */
  deleteModel(id: string): boolean {
    return dropModel(id);
  },

  /**
   * Trains the same biased-MF model (demo data, GPU default settings, same seed) for `steps` steps on
   * each backend this browser has, recording every step's loss, then restores the backend that was in
   * use. Cancelling stops it and returns the rows measured so far.
   */
  async compareBackends(jobId: string, steps: number): Promise<ParityRow[]> {
    const job = jobs.start(jobId);
    return tfQueue.run(async () => {
      const data = demoDataset();
      const { users, items } = data.meta;
      // enough epochs for `steps` steps; maxSteps ends the run
      const params: TrainParams = { ...DEFAULT_TRAIN_PARAMS, epochs: steps };
      const rows: ParityRow[] = [];
      const previous = currentBackend();
      try {
        for (const name of ['cpu', 'webgpu', 'webgl'] as const) {
          if (job.signal.aborted) break;
          const info = await selectBackend(tf, name, unavailableBackends());
          if (info.name !== name) {
            rows.push({ backend: name, available: false, reason: info.reasons.join('; '), losses: [], ms: 0 });
            continue;
          }
          const losses: number[] = [];
          const hooks = {
            onStep: (r: { loss: number }) => void losses.push(r.loss),
            maxSteps: steps,
            shouldStop: () => job.signal.aborted,
          };
          const started = performance.now();
          await (name === 'cpu'
            ? trainMfCpu(data.ratings, users, items, params, hooks)
            : trainMfTfjs(tf, data.ratings, users, items, params, hooks, name));
          rows.push({ backend: name, available: true, reason: '', losses, ms: performance.now() - started });
        }
      } finally {
        job.finish();
        const restored = await selectBackend(tf, previous?.name ?? 'auto', unavailableBackends());
        setBackend(previous && restored.name === previous.name ? previous : restored);
      }
      return rows;
    });
  },
};
