/** Public API of the traced formula library. */
export { FormulaError, fmt, fmtOp, texVec, texColumn, texMat, texText } from './trace';
export type { TraceStep, Traced } from './trace';
export { KNOWN_MISPRINTS, misprintNote } from './misprints';
export type { KnownMisprint } from './misprints';
export { cosineSimilarity, pearsonCorrelation, jaccardSimilarity } from './similarity';
export type { PearsonForm } from './similarity';
export { userBasedPrediction, itemBasedPrediction, meanCentredPrediction, baselineCentredPrediction, neighboursFromRatings } from './neighbourhood';
export type { Neighbour, CentredNeighbour, BaselineNeighbour, RatingsMatrix } from './neighbourhood';
export { contentBasedScore, sigmoid, neuronOutput, neuralScore, biasedMfPrediction, dotProductPrediction } from './scoring';
export type { Weight, DotProductPredictionValue } from './scoring';
export {
  meanSquaredError,
  halfSumSquaredError,
  binaryCrossEntropy,
  rootMeanSquaredError,
  meanAbsoluteError,
  BCE_EPSILON,
} from './losses';
export type { Values } from './losses';
export { ordinaryLeastSquares } from './ols';
export type { Design } from './ols';
export { precisionAtK, recallAtK, ndcgAtK } from './ranking';
export type { ItemId } from './ranking';
export {
  example1,
  example2,
  example3,
  example4,
  example5,
  example6,
  example7,
  example8,
  example9,
  classicExamples,
} from './examples';
export type { Example1 } from './examples';
