/** The split protocols the evaluation offers: their descriptions, default settings and settings fields. */
import type { ParamSpec, SplitProtocol, SplitSettings } from '../../worker/api';

/** The test fraction of the msr protocol (microsoft/recommenders' 75/25 stratified split). */
export const MSR_TEST_FRACTION = 0.25;

/** The share of users (items) a new cold-start split holds out. */
const COLD_FRACTION = 0.1;

/**
 * The settings a new split of each protocol starts from (msr: microsoft/recommenders' min_rating=1,
 * seed 42; cold-users / cold-items: 10% of the users / items held out).
 */
export function defaultSplitSettings(protocol: SplitProtocol): SplitSettings {
  const base: SplitSettings = { protocol, seed: 42, testFraction: 0.2, minUserRatings: 5, lastN: 5 };
  switch (protocol) {
    case 'temporal':
      return { ...base, minUserRatings: 10 };
    case 'msr':
      return { ...base, testFraction: MSR_TEST_FRACTION, minUserRatings: 1 };
    case 'cold-users':
    case 'cold-items':
      return { ...base, testFraction: COLD_FRACTION };
    default:
      return base;
  }
}
/** Every protocol, in the order offered, with its label and what it does. */
export const SPLIT_PROTOCOLS: readonly { value: SplitProtocol; label: string; description: string }[] = [
  {
    value: 'random',
    label: 'Random',
    description: 'Holds out a fraction of all ratings, drawn at random. Simple; a user may end up with no test ratings, or with none left to train on.',
  },
  {
    value: 'per-user',
    label: 'Per user',
    description: 'Holds out the same fraction of every user’s ratings, so each user with enough ratings is tested and keeps most of their history for training.',
  },
  {
    value: 'temporal',
    label: 'Temporal (last n)',
    description:
      'Each user’s latest ratings go to test: the past predicts the future, as it would for a live recommender. With n = 1 it is the leave-last-out split sequence models are measured on (hit rate@10 and nDCG@10 over every item).',
  },
  {
    value: 'msr',
    label: 'Stratified by item (Microsoft Recommenders)',
    description:
      'A 75/25 split of every item’s ratings, as in the benchmark notebooks of microsoft/recommenders. Use it to compare with their published numbers.',
  },
  {
    value: 'cold-users',
    label: 'Cold users',
    description:
      'Cold start for new users: a share of the users is held out entirely, every rating of theirs in test and none in train. It measures what a method recommends to someone it has never seen: with no history, methods fall back on what they know without the user (popularity, item means, biases, a prior), so a good non-personal list is the best they can do.',
  },
  {
    value: 'cold-items',
    label: 'Cold items',
    description:
      'Cold start for new items: a share of the items is held out entirely, so no method sees a single rating of them. It measures whether a method can recommend what nobody has rated yet: only methods that read item features (content-based, the hybrid) can score them; the others have nothing to go on. Every user who rated a held-out item is ranked over all the items they did not rate in training, so the new items compete with the whole catalogue.',
  },
  {
    value: 'predefined',
    label: 'Predefined test file',
    description:
      'Your own test file (e.g. MovieLens u1.test): this dataset is the training set, the file’s ratings are the test set. Users or items the dataset does not have are counted, not scored.',
  },
];

const SEED: ParamSpec = {
  key: 'seed',
  label: 'Seed',
  help: 'Seeds the split’s random draw: the same seed gives the same split.',
  type: 'integer',
  default: 42,
  min: 0,
  max: 2 ** 31 - 1,
};

function fractionSpec(help: string): ParamSpec {
  return { key: 'testFraction', label: 'Test fraction', help, type: 'number', default: 0.2, min: 0.01, max: 0.99, step: 0.01 };
}

/** The held-out share of a cold-start split. */
function coldFractionSpec(who: 'users' | 'items'): ParamSpec {
  const help = `Share of the ${who} (those with ratings) held out entirely: all their ratings are the test set, none are trained on (0.1 = 10%).`;
  return { key: 'testFraction', label: `Share of ${who} held out`, help, type: 'number', default: COLD_FRACTION, min: 0.01, max: 0.99, step: 0.01 };
}

function minRatingsSpec(who: 'user' | 'item', fallback: number): ParamSpec {
  return {
    key: 'minUserRatings',
    label: `Min. ratings per ${who}`,
    help: `${who === 'user' ? 'Users' : 'Items'} with fewer ratings than this stay wholly in train.`,
    type: 'integer',
    default: fallback,
    min: 1,
    max: 100_000,
  };
}
/** The fields each protocol uses (keys are SplitSettings' keys). */
export function protocolSpecs(protocol: SplitProtocol): ParamSpec[] {
  switch (protocol) {
    case 'random':
      return [fractionSpec('Share of all ratings held out for testing (0.2 = 20%).'), SEED];
    case 'per-user':
      return [fractionSpec('Share of each user’s ratings held out for testing (0.2 = 20%).'), minRatingsSpec('user', 5), SEED];
    case 'temporal':
      return [
        { key: 'lastN', label: 'Last n per user', help: 'How many of each user’s most recent ratings go to test.', type: 'integer', default: 5, min: 1, max: 10_000 },
        minRatingsSpec('user', 5),
      ];
    case 'msr':
      return [minRatingsSpec('item', 1), SEED];
    case 'cold-users':
      return [coldFractionSpec('users'), SEED];
    case 'cold-items':
      return [coldFractionSpec('items'), SEED];
    case 'predefined':
      return [];
  }
}

/** The label of a protocol option: a cold-start split says how much it holds out, e.g. "Cold users (10% of users held out entirely)". */
export function protocolLabel(protocol: SplitProtocol, label: string, testFraction: number): string {
  if (protocol !== 'cold-users' && protocol !== 'cold-items') return label;
  const pct = Number.isFinite(testFraction) ? String(Number((testFraction * 100).toFixed(2))) : '?';
  return `${label} (${pct}% of ${protocol === 'cold-users' ? 'users' : 'items'} held out entirely)`;
}
