/** Public API of the next-item sequence model's math (pure JS, no tfjs). */
export { SEQ_INIT_STD, SEQ_WEIGHT_KEYS, checkShape, checkWeights, copyWeights, gateCount, initSeqWeights, shapeOf, weightSizes } from './weights';
export type { SeqCell, SeqShape, SeqWeightKey, SeqWeights, Vec } from './weights';
export { SeqWorkspace, clearGradients, zeroGradients } from './workspace';
export type { SeqGradients } from './workspace';
export { finalHidden, forwardSequence, logistic, scoresFromHidden } from './forward';
export { batchLoss, batchPositions } from './loss';
export type { SeqBatch } from './loss';
export { adamMoments, adamStep } from './adam';
export type { AdamMoments, AdamSettings } from './adam';
export { SEQ_TOP_TERMS, largestTerms, nextItemScore } from './formulas';
export type { DotTerm } from './formulas';
