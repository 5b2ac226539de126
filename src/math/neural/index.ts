/** The neural recommenders' math: the network, its training in plain JS, negative sampling and traced formulas. */
export {
  NEURAL_EMBEDDING_INIT_STD,
  checkSpec,
  copyNeuralWeights,
  countParameters,
  denseShapes,
  describeLayers,
  forwardPass,
  forwardWith,
  initNeuralWeights,
  itemPartOf,
  outputInputs,
  parameterList,
  sameSpec,
  scoreAllItemsWith,
  sigmoidOf,
  tableRow,
} from './network';
export type { DenseParams, ForwardPass, LayerDescription, NeuralSpec, NeuralWeights, ParamTensor } from './network';
export {
  NEURAL_ADAM,
  adamMomentTables,
  adamStep,
  clearGradients,
  createAdamState,
  createGradients,
  exampleLoss,
  forwardBackward,
  lossAndGradients,
  trainingBytes,
} from './train';
export type { NeuralAdamState, NeuralBatch, NeuralGradients, NeuralLoss } from './train';
export { epochExampleCount, hasEntry, sampleEpoch, sampleNegative } from './sampling';
export type { EpochExamples, PositiveRows } from './sampling';
export { neuralOutput, neuralScorerTerms, reluUnit } from './formulas';
export { NEURAL_FOLD_IN, foldInVisitor } from './foldIn';
export type { FoldInSettings, FoldedVectors } from './foldIn';
