import { useId, useState } from 'react';
import type { ParamValues, SplitInfo, SplitProtocol, SplitSettings } from '../../worker/api';
import { ParamForm, validateParams } from '../ParamForm';
import { SplitList } from './SplitList';
import { MSR_TEST_FRACTION, SPLIT_PROTOCOLS, defaultSplitSettings, protocolLabel, protocolSpecs } from './splitProtocols';
import './evaluate.css';

/** The props of SplitForm. */
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
    for (const p of SPLIT_PROTOCOLS) all[p.value] = defaultSplitSettings(p.value);
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
          {SPLIT_PROTOCOLS.map((p) => {
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

      <SplitList splits={splits} selectedId={selectedId} onSelect={onSelect} onDelete={onDelete} disabled={disabled} idPrefix={id} />
    </div>
  );
}
