/** Public API of the next-item sequence model's math (pure JS, no tfjs). */
export { SEQ_INIT_STD, SEQ_WEIGHT_KEYS, checkShape, checkWeights, copyWeights, gateCount, initSeqWeights, shapeOf, weightSizes } from './weights';
export type { SeqCell, SeqShape, SeqWeightKey, SeqWeights, Vec } from './weights';
export { SeqWorkspace, batchLoss, batchPositions, clearGradients, finalHidden, forwardSequence, logistic, scoresFromHidden, zeroGradients } from './network';
export type { SeqBatch, SeqGradients } from './network';
export { adamMoments, adamStep } from './adam';
export type { AdamMoments, AdamSettings } from './adam';
export { SEQ_TOP_TERMS, largestTerms, nextItemScore } from './formulas';
export type { DotTerm } from './formulas';
