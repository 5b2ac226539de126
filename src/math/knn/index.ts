/** Sparse k-NN collaborative filtering: similarities, neighbour lists and predictions. Pure. */
export {
  SIMILARITY_KINDS,
  similarityFromSums,
  shrinkSimilarity,
  rowMeans,
  columnMeans,
  mapValues,
  centreRowsByMean,
  centreByColumnMeans,
  residualsFromBaseline,
} from './similarity';
export type { SimilarityKind } from './similarity';
export {
  MAX_LIST_ENTRIES,
  defaultListLength,
  abortError,
  sortByScoreThenIndex,
  computeNeighbourLists,
} from './neighbourLists';
export type { NeighbourListOptions, NeighbourLists, ProgressHooks } from './neighbourLists';
export {
  KNN_DEFAULTS,
  fitKnnModel,
  reverseLists,
  knnBaseline,
  predictKnn,
  knnNeighboursUsed,
  scoreAllItemsKnn,
} from './predict';
export type {
  KnnKind,
  KnnVariant,
  KnnSimilarity,
  KnnOptions,
  KnnModel,
  KnnPrediction,
  KnnUsedNeighbour,
  KnnNeighboursUsed,
  ReverseLists,
} from './predict';
