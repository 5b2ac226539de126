/// <reference lib="webworker" />
/**
 * The lab's worker, assembled from its API areas. State lives in session.ts (backend, database,
 * selected dataset, fitted models by id); every tfjs call runs through one serial queue; every long
 * call takes a job id and can be cancelled.
 */
import * as Comlink from 'comlink';
import { datasetApi } from './datasetApi';
import { trainingApi } from './trainingApi';
import { resultsApi } from './resultsApi';
import { evaluationApi } from './evaluationApi';
import { benchApi } from './benchApi';
import { simulationApi } from './simulationApi';
import { kernelCheckApi } from './kernelCheckApi';
import { bprKernelCheckApi } from './bprKernelCheckApi';
import { jacobiCheckApi } from './jacobiCheckApi';
import { knnKernelCheckApi } from './knnKernelCheckApi';
import { faultApi } from './faults';
import { modelsApi } from './modelsApi';
import { jobs } from './session';

export const labApi = {
  ...datasetApi,
  ...trainingApi,
  ...resultsApi,
  ...evaluationApi,
  ...benchApi,
  ...simulationApi,
  ...kernelCheckApi,
  ...bprKernelCheckApi,
  ...jacobiCheckApi,
  ...knnKernelCheckApi,
  ...faultApi,
  ...modelsApi,
  /** Cancels a running job (import, training, evaluation, parity); false when no such job runs. */
  cancel(jobId: string): boolean {
    return jobs.cancel(jobId);
  },
};

Comlink.expose(labApi);
