/** Content features (genres + title TF-IDF), ridge profiles and the traced content predictions. Pure. */
export { STOP_WORDS, titleWords } from './tokens';
export { buildItemFeatures, itemsWithFeatures, rowOf, titleTfIdf } from './features';
export type { FeatureOptions, ItemFeatures, SparseRows, TitleTfIdf } from './features';
export { contentTerms, createRidgeScratch, fitProfiles, profileDot, profileOf, profileScores, ridgeProfile } from './ridge';
export type { ContentTerm, FittedProfiles, RidgeProfile, RidgeScratch, RidgeSolver, SparseVector } from './ridge';
export { contentPrediction, hybridPrediction, sortTerms } from './formulas';
export type { NamedTerm } from './formulas';
