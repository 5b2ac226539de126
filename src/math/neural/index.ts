/** The neural recommenders' math: the network, its training in plain JS, negative sampling and traced formulas. */
export { forwardPass, forwardWith, itemPartOf, scoreAllItemsWith, sigmoidOf, tableRow } from './network';
export type { ForwardPass } from './network';
export { NEURAL_EMBEDDING_INIT_STD, checkSpec, copyNeuralWeights, denseShapes, initNeuralWeights, outputInputs, parameterList, sameSpec } from './weights';
export type { DenseParams, NeuralSpec, NeuralWeights, ParamTensor } from './weights';
export { countParameters, describeLayers } from './architecture';
export type { LayerDescription } from './architecture';
export { clearGradients, createGradients } from './gradients';
export type { NeuralGradients } from './gradients';
export { exampleLoss, forwardBackward, lossAndGradients } from './loss';
export type { NeuralBatch, NeuralLoss } from './loss';
export { NEURAL_ADAM, adamMomentTables, adamStep, createAdamState, trainingBytes } from './adam';
export type { NeuralAdamState } from './adam';
export { epochExampleCount, hasEntry, sampleEpoch, sampleNegative } from './sampling';
export type { EpochExamples, PositiveRows } from './sampling';
export { neuralOutput, neuralScorerTerms, reluUnit } from './formulas';
export { NEURAL_FOLD_IN, foldInVisitor } from './foldIn';
export type { FoldInSettings, FoldedVectors } from './foldIn';
