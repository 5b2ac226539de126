import { useId, useState } from 'react';
import type { ParamSpec, ParamValues, SplitInfo, SplitProtocol, SplitSettings } from '../../worker/api';
import { ParamForm, validateParams } from '../ParamForm';
import './evaluate.css';

/** The test fraction of the msr protocol (microsoft/recommenders' 75/25 stratified split). */
const MSR_TEST_FRACTION = 0.25;

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

const PROTOCOLS: readonly { value: SplitProtocol; label: string; description: string }[] = [
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
function protocolSpecs(protocol: SplitProtocol): ParamSpec[] {
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

/** One line on what a split did with the data. Counts stay plain numbers, as elsewhere in the lab. */
export function splitSummaryText(split: SplitInfo): string {
  const s = split.summary;
  const parts = [`${s.trainRatings} train`, `${s.testRatings} test ratings`, `${s.testUsers} test users`];
  if (s.coldUsers !== undefined || s.coldItems !== undefined) {
    parts.push(`cold (no training ratings): ${s.coldUsers ?? 0} users, ${s.coldItems ?? 0} items`);
  } else if (split.settings.protocol === 'predefined') {
    parts.push(`not in train: ${s.unknownUsers} users, ${s.unknownItems} items (${s.unknownRows} test rows not scored)`);
  } else if (s.usersKeptInTrain > 0) {
    parts.push(`${s.usersKeptInTrain} ${split.settings.protocol === 'msr' ? 'items' : 'users'} kept wholly in train`);
  }
  return parts.join(' · ');
}

export interface SplitFormProps {
  /** The selected dataset's splits. */
  splits: readonly SplitInfo[];
  selectedId: string | null;
  onSelect(id: string): void;
  onDelete(id: string): void;
  /** Create a split with these settings; for 'predefined', with the file last given to onPredefinedFile. */
  onCreate(settings: SplitSettings): void;
  /** Whether the dataset has timestamps (the temporal protocol needs them). */
  hasTimestamps: boolean;
  /** The test file chosen for the predefined protocol (called when the user picks it). */
  onPredefinedFile(file: File): void;
  /** Disables every control, e.g. while a split is made or an evaluation runs. */
  disabled?: boolean;
  /** Settings the form starts from: its protocol is selected, the others keep defaultSplitSettings(protocol). */
  initialSettings?: Partial<SplitSettings>;
}

/** Choose a split protocol and its settings, create the split, and pick or delete existing splits. */
export function SplitForm({ splits, selectedId, onSelect, onDelete, onCreate, hasTimestamps, onPredefinedFile, disabled = false, initialSettings }: SplitFormProps) {
  const id = useId();
  const [protocol, setProtocol] = useState<SplitProtocol>(initialSettings?.protocol ?? 'random');
  // Each protocol keeps its own settings, so switching back and forth loses nothing.
  const [byProtocol, setByProtocol] = useState<Record<SplitProtocol, SplitSettings>>(() => {
    const all = {} as Record<SplitProtocol, SplitSettings>;
    for (const p of PROTOCOLS) all[p.value] = defaultSplitSettings(p.value);
    const first = initialSettings?.protocol ?? 'random';
    all[first] = { ...all[first], ...initialSettings, protocol: first };
    return all;
  });
  const settings = byProtocol[protocol];
  const setSettings = (update: (s: SplitSettings) => SplitSettings) => setByProtocol((all) => ({ ...all, [protocol]: update(all[protocol]) }));
  const [fileName, setFileName] = useState<string | null>(null);

  const specs = protocolSpecs(protocol);
  const values: ParamValues = { seed: settings.seed, testFraction: settings.testFraction, minUserRatings: settings.minUserRatings, lastN: settings.lastN };
  const problems = validateParams(specs, values);
  const blockedReason =
    protocol === 'temporal' && !hasTimestamps
      ? 'This dataset has no timestamps.'
      : protocol === 'predefined' && fileName === null
        ? 'Choose a test file first.'
        : problems.length > 0
          ? 'Fix the settings first.'
          : null;
  const temporalOverlap = protocol === 'temporal' && settings.minUserRatings <= settings.lastN;

  const create = () => {
    if (blockedReason !== null) return;
    onCreate(protocol === 'msr' ? { ...settings, testFraction: MSR_TEST_FRACTION } : { ...settings });
  };

  return (
    <div className="split-form">
      <form
        className="split-new"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <fieldset className="split-protocols" disabled={disabled}>
          <legend>Protocol</legend>
          {PROTOCOLS.map((p) => {
            const unavailable = p.value === 'temporal' && !hasTimestamps;
            const optionId = `${id}-protocol-${p.value}`;
            return (
              <div key={p.value} className={p.value === protocol ? 'split-protocol selected' : 'split-protocol'}>
                <input
                  type="radio"
                  id={optionId}
                  name={`${id}-protocol`}
                  value={p.value}
                  checked={p.value === protocol}
                  disabled={unavailable}
                  aria-describedby={`${optionId}-desc`}
                  onChange={() => setProtocol(p.value)}
                />
                <div>
                  <label htmlFor={optionId}>{protocolLabel(p.value, p.label, byProtocol[p.value].testFraction)}</label>
                  <small id={`${optionId}-desc`} className="split-protocol-desc">
                    {p.description}
                    {unavailable && <strong className="split-unavailable"> Not available: this dataset has no timestamps.</strong>}
                  </small>
                </div>
              </div>
            );
          })}
        </fieldset>
        <fieldset className="split-settings" disabled={disabled}>
          <legend>Settings</legend>
          {protocol === 'msr' && <p className="muted">25% of each item’s ratings go to test (fixed by the protocol).</p>}
          {protocol === 'predefined' ? (
            <div className="param-field">
              <label htmlFor={`${id}-file`}>Test file</label>
              <input
                id={`${id}-file`}
                type="file"
                aria-describedby={`${id}-file-help`}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFileName(file.name);
                  onPredefinedFile(file);
                }}
              />
              <small id={`${id}-file-help`} className="param-help">
                {fileName === null ? 'Ratings in the same layout as this dataset’s file.' : `Chosen: ${fileName}`}
              </small>
            </div>
          ) : (
            <ParamForm
              specs={specs}
              values={values}
              idPrefix={`${id}-settings`}
              disabled={disabled}
              onChange={(next) =>
                setSettings((s) => ({
                  ...s,
                  seed: next.seed as number,
                  testFraction: next.testFraction as number,
                  minUserRatings: next.minUserRatings as number,
                  lastN: next.lastN as number,
                }))
              }
            />
          )}
          {temporalOverlap && problems.length === 0 && (
            <p className="warning split-warning">
              Users with {settings.lastN} or fewer ratings would have none left for training: set the minimum above {settings.lastN}.
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={disabled || blockedReason !== null} aria-describedby={blockedReason === null ? undefined : `${id}-blocked`}>
              Create split
            </button>
            {blockedReason !== null && !disabled && (
              <span id={`${id}-blocked`} className="muted split-blocked">
                {blockedReason}
              </span>
            )}
          </div>
        </fieldset>
      </form>

      <h3 id={`${id}-list`}>Splits of this dataset</h3>
      {splits.length === 0 ? (
        <p className="muted">No splits yet: create one above.</p>
      ) : (
        <ul className="split-list" aria-labelledby={`${id}-list`}>
          {splits.map((s) => {
            const radioId = `${id}-split-${s.id}`;
            const summary = splitSummaryText(s);
            return (
              <li key={s.id} className={s.id === selectedId ? 'selected' : undefined} data-split={s.id}>
                <input
                  type="radio"
                  id={radioId}
                  name={`${id}-split`}
                  checked={s.id === selectedId}
                  disabled={disabled}
                  aria-describedby={`${radioId}-summary`}
                  onChange={() => onSelect(s.id)}
                />
                <div className="split-text">
                  <label htmlFor={radioId} className="split-name" title={s.name}>
                    {s.name}
                  </label>
                  <small id={`${radioId}-summary`} className="split-summary" title={summary}>
                    {summary}
                  </small>
                </div>
                <button type="button" className="ev-small" disabled={disabled} aria-label={`Delete split ${s.name}`} onClick={() => onDelete(s.id)}>
                  Delete
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
