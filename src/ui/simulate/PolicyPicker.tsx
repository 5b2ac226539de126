import { useId, useState } from 'react';
import type { PolicyInfo, PolicyRun } from '../../worker/api';
import { Tex } from '../examples/Tex';
import { POLICY_COLOURS } from './CurveChart';

/** A policy run as the picker edits it (knob values as typed, checked on submit). */
export interface PickedPolicy {
  key: number;
  id: string;
  knobs: Record<string, number>;
}

let nextKey = 1;
/** A run of `info` at its default knobs. */
export function pickPolicy(info: PolicyInfo, knobs?: Record<string, number>): PickedPolicy {
  return { key: nextKey++, id: info.id, knobs: knobs ?? Object.fromEntries(info.knobs.map((k) => [k.key, k.default])) };
}

/** The runs to send: id and knob values. */
export function toPolicyRuns(picked: readonly PickedPolicy[]): PolicyRun[] {
  return picked.map((p) => ({ id: p.id, knobs: { ...p.knobs } }));
}

/** First problem with the typed knob values, or null. */
export function knobProblem(picked: readonly PickedPolicy[], infos: readonly PolicyInfo[]): string | null {
  for (const p of picked) {
    const info = infos.find((i) => i.id === p.id);
    if (!info) return `Unknown policy ${p.id}.`;
    for (const k of info.knobs) {
      const v = p.knobs[k.key];
      if (v === undefined || !Number.isFinite(v)) return `${info.name}: ${k.label} must be a number.`;
      if (v < k.min || (k.max !== undefined && v > k.max)) return `${info.name}: ${k.label} must be between ${k.min} and ${k.max ?? '∞'}.`;
    }
  }
  return null;
}

interface Props {
  infos: readonly PolicyInfo[];
  picked: readonly PickedPolicy[];
  onChange(next: PickedPolicy[]): void;
  disabled: boolean;
}

/** The policies of a run, each with its knobs; the same policy can run twice with other knobs (e.g. two ε). */
export function PolicyPicker({ infos, picked, onChange, disabled }: Props) {
  const addId = useId();
  const [toAdd, setToAdd] = useState(infos[0]?.id ?? '');
  const setKnob = (key: number, knob: string, value: number) => onChange(picked.map((p) => (p.key === key ? { ...p, knobs: { ...p.knobs, [knob]: value } } : p)));
  return (
    <div className="sim-policies">
      <ol className="sim-policy-list" aria-label="Policies to run">
        {picked.map((p, j) => {
          const info = infos.find((i) => i.id === p.id);
          if (!info) return null;
          return (
            <li key={p.key} className="sim-policy">
              <div className="sim-policy-head">
                <span className="sim-swatch" style={{ background: POLICY_COLOURS[j % POLICY_COLOURS.length] }} aria-hidden="true" />
                <strong>{info.name}</strong>
                <button type="button" className="ev-small" onClick={() => onChange(picked.filter((q) => q.key !== p.key))} disabled={disabled || picked.length <= 1} aria-label={`Remove ${info.name} (${j + 1})`}>
                  Remove
                </button>
              </div>
              <div className="sim-formula">
                <Tex tex={info.formula} />
              </div>
              <p className="param-help">{info.summary}</p>
              {info.knobs.length > 0 && (
                <div className="param-form">
                  {info.knobs.map((k) => (
                    <div key={k.key} className="param-field">
                      <label htmlFor={`${addId}-${p.key}-${k.key}`}>{k.label}</label>
                      <input
                        id={`${addId}-${p.key}-${k.key}`}
                        type="number"
                        min={k.min}
                        max={k.max}
                        step={k.step ?? 'any'}
                        value={Number.isFinite(p.knobs[k.key]) ? p.knobs[k.key] : ''}
                        onChange={(e) => setKnob(p.key, k.key, e.target.value === '' ? NaN : Number(e.target.value))}
                        disabled={disabled}
                        aria-describedby={`${addId}-${p.key}-${k.key}-help`}
                      />
                      <span id={`${addId}-${p.key}-${k.key}-help`} className="param-help">
                        {k.help}
                      </span>
                    </div>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <div className="sim-add">
        <label htmlFor={addId}>Add a policy</label>
        <select id={addId} value={toAdd} onChange={(e) => setToAdd(e.target.value)} disabled={disabled}>
          {infos.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            const info = infos.find((i) => i.id === toAdd);
            if (info) onChange([...picked, pickPolicy(info)]);
          }}
          disabled={disabled || picked.length >= 8}
        >
          Add
        </button>
      </div>
    </div>
  );
}
