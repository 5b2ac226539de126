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
  createSortScratch,
  computeNeighbourLists,
  resolveListOptions,
} from './neighbourLists';
export type { NeighbourListOptions, NeighbourLists, ProgressHooks, SortScratch } from './neighbourLists';
export { createListBuilder } from './listBuilder';
export type { ListBuilder } from './listBuilder';
export { KNN_DEFAULTS, fitKnnModel, reverseLists } from './fit';
export type { KnnKind, KnnVariant, KnnSimilarity, KnnOptions, KnnModel, ReverseLists } from './fit';
export { knnBaseline, predictKnn, knnNeighboursUsed } from './predict';
export type { KnnPrediction, KnnUsedNeighbour, KnnNeighboursUsed } from './predict';
export { scoreAllItemsKnn } from './scoreAllItems';
