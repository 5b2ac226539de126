/**
 * The lab's one worker API. Its type is derived from the worker module itself (squoosh style), so
 * the client cannot drift from the implementation. Only structured-cloneable data crosses.
 */
import type { labApi } from './lab.worker';

export type LabApi = typeof labApi;

/** Options for reading a delimited file, as chosen in the import preview. */
export type { ColumnMapping, TitleMapping, FileSniff, TextEncodingName, Delimiter } from '../data/detect';
export type { ImportProgress, BadRow } from '../data/parseRatings';
export type { DatasetMeta } from '../data/types';
export type { TrainParams, EpochReport } from '../model/params';
export type { BackendInfo, BackendName } from '../model/backend';
export type { BackendChoice, CalibrationRow } from '../model/backendChoice';
export type {
  ImportReport,
  Recommendation,
  SimilarItem,
  SimilarItemsResult,
  ItemMatch,
  TrainOutcome,
  ModelSummary,
  StoredModelEntry,
  SniffResult,
  ParityRow,
  Explanation,
  ExplanationTable,
  TrainRequest,
  YouStage,
  YouStageInfo,
  YouPick,
  YouAnswer,
} from './types';
export type { ParamSpec, ParamValues, RecommenderMeta, Fact, Rated } from '../recommenders/types';
export type {
  SplitProtocol,
  SplitSettings,
  SplitSummary,
  SplitInfo,
  MetricName,
  EvaluationSettings,
  MethodRun,
  EvaluationRow,
  EvaluationReport,
  Remedy,
} from '../evaluation/types';
export type { EvaluationProgress } from '../evaluation/runner';
export type { FileReadOptions } from './importing';
export type { DatasetBalance } from './evaluationApi';
export type { KernelCheck, KernelCheckRequest } from './kernelCheckApi';
export type { BprKernelCheck, BprKernelCheckRequest, BprTrainerFigures, BprTrainerName } from './bprKernelCheckApi';
export type { KnnKernelCase, KnnKernelCheck } from './knnKernelCheckApi';
export type { JacobiCheck, JacobiCheckRequest, JacobiTrainerFigures } from './jacobiCheckApi';
export type { InterruptedRun } from './checkpoints';
export type { SideBalance } from '../math/balance';
export type {
  ClickLink,
  PolicyInfo,
  PolicyKnob,
  PolicyRun,
  PolicyPoint,
  PolicyResult,
  SimulationPoint,
  SimulationSettings,
  SlateExplanation,
  SlotExplanation,
} from '../simulation/types';
export type { SimulationProgress, SimulationReport, SimulationRequest, WorldChoices, WorldInfo, WorldSettings } from './simulationApi';
