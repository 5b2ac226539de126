/**
 * Who answers the "You" panel, and the plain sentences that say so. A new visitor moves through a
 * cascade as their ratings accrue: with none, popularity (the most-rated items, the same for
 * everyone); with a few, the content of what they rated (a ridge profile over genres and title
 * words); from MODEL_TAKES_OVER_AT ratings on, the trained model with their ratings folded in. A
 * stage the dataset or model cannot offer is skipped and the panel says why. Pure: no worker state.
 */
import type { YouStage, YouStageInfo } from './types';

/** From this many ratings on, the trained model's fold-in answers (below it, content does). */
export const MODEL_TAKES_OVER_AT = 5;

/** What decides the stage. */
export interface StageFacts {
  /** How many items the visitor has rated. */
  rated: number;
  /** The content stage's features, in words ("genres and title words"), or null when the dataset has none. */
  contentFeatures: string | null;
  /** The trained model in use, or null when none is trained. */
  model: { name: string; canFoldIn: boolean } | null;
  /** Ratings at which the model takes over (default MODEL_TAKES_OVER_AT). */
  threshold?: number;
}

/** The stage that answers, with the sentences the panel shows. */
export interface StageChoice {
  stage: YouStage;
  /** Who answers, in a few words. */
  answering: string;
  /** Why this stage answers, and who takes over when. */
  why: string;
  /** At how many ratings the trained model takes over (null when none can). */
  modelAt: number | null;
  stages: YouStageInfo[];
}

/** "1 item", "3 items". */
const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

/** The features of a content stage in words: "genres and title words", "genres" or "title words". */
export function featureWords(genres: number, titleWords: number): string {
  if (genres > 0 && titleWords > 0) return 'genres and title words';
  return genres > 0 ? 'genres' : 'title words';
}

/**
 * The stage for these facts: 0 ratings → popularity; 1 … threshold − 1 → content (or, without item
 * features, the model straight away when it can fold in, else popularity); threshold and more →
 * the model when it can fold in, else content, else popularity.
 */
export function chooseStage(facts: StageFacts): StageChoice {
  const t = facts.threshold ?? MODEL_TAKES_OVER_AT;
  const n = facts.rated;
  const words = facts.contentFeatures;
  const hasContent = words !== null;
  const model = facts.model;
  const foldable = model !== null && model.canFoldIn;
  const modelName = model?.name ?? '';
  const modelAt = foldable ? (hasContent ? t : 1) : null;

  const noModel = model === null ? 'no model is trained yet' : !model.canFoldIn ? `${modelName} cannot fold in a new user` : null;
  const stages: YouStageInfo[] = [
    { stage: 'popularity', label: 'Popularity', when: hasContent || foldable ? 'no ratings' : 'always', available: true, reason: null },
    {
      stage: 'content',
      label: 'Content of what you rated',
      when: foldable ? `1–${t - 1} ratings` : '1 rating or more',
      available: hasContent,
      reason: hasContent ? null : 'this dataset has no item features (no genres, no usable title words)',
    },
    {
      stage: 'model',
      label: model === null ? 'Trained model' : `Trained model (${modelName})`,
      when: hasContent ? `${t} ratings or more` : '1 rating or more',
      available: foldable,
      reason: noModel,
    },
  ];
  const contentPhrase = `the content of what you rated (${words ?? ''})`;
  /** What happens next, after the content stage. */
  const modelLater = foldable
    ? `at ${t} ratings the trained model (${modelName}) takes over.`
    : model === null
      ? `train a model that can fold in a new user and from ${t} ratings it takes over.`
      : `${modelName} cannot fold in a new user, so it never takes over here.`;

  if (n === 0) {
    const next = hasContent
      ? ` Rate one and recommendations come from ${contentPhrase}; ${modelLater}`
      : foldable
        ? ` Rate one and the trained model (${modelName}) takes over (this dataset has no genres or titles for a content stage).`
        : ` This dataset has no genres or titles for a content stage, and ${noModel ?? ''}.`;
    return { stage: 'popularity', answering: 'popularity', why: `You have not rated anything yet: these are the most-rated items (popularity), the same for everyone.${next}`, modelAt, stages };
  }
  if (foldable && (n >= t || !hasContent)) {
    const tail = hasContent ? '' : ' This dataset has no genres or titles, so there is no content stage before it.';
    return {
      stage: 'model',
      answering: `the trained model (${modelName})`,
      why: `You have rated ${items(n)}: recommendations come from the trained model (${modelName}), your ratings folded in with no retraining.${tail}`,
      modelAt,
      stages,
    };
  }
  if (hasContent) {
    return { stage: 'content', answering: 'the content of what you rated', why: `You have rated ${items(n)}: recommendations come from ${contentPhrase}; ${modelLater}`, modelAt, stages };
  }
  return {
    stage: 'popularity',
    answering: 'popularity',
    why: `You have rated ${items(n)}, but nothing here can use them yet: this dataset has no genres or titles for a content stage, and ${noModel ?? ''}. These are the most-rated items (popularity).`,
    modelAt,
    stages,
  };
}
