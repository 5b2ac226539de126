/** The one list of the simulator's policies; the worker, the UI's knobs and the bench iterate it. */
import { epsilonGreedy } from './epsilonGreedy';
import { greedy } from './greedy';
import { linUcb } from './linucb';
import { random } from './random';
import { thompson } from './thompson';
import type { Policy } from './types';
import type { PolicyInfo } from '../types';

export const POLICIES: readonly Policy[] = [greedy, epsilonGreedy, linUcb, thompson, random];

/** The policy with this id; throws naming the known ids when there is none. */
export function findPolicy(id: string): Policy {
  const found = POLICIES.find((p) => p.info.id === id);
  if (!found) throw new Error(`No policy "${id}". Known policies: ${POLICIES.map((p) => p.info.id).join(', ')}.`);
  return found;
}

/** Every policy's description, in registry order. */
export function policyInfos(): PolicyInfo[] {
  return POLICIES.map((p) => p.info);
}

/**
 * Complete, checked knob values: the defaults overridden by `given`. Throws naming every problem
 * (unknown keys, values out of bounds).
 */
export function resolveKnobs(info: PolicyInfo, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const values: Record<string, number> = {};
  const problems: string[] = [];
  for (const key of Object.keys(given)) if (!info.knobs.some((k) => k.key === key)) problems.push(`unknown knob "${key}"`);
  for (const knob of info.knobs) {
    const v = given[knob.key] ?? knob.default;
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${knob.label} must be a number, got ${String(v)}`);
    else if (v < knob.min || (knob.max !== undefined && v > knob.max)) problems.push(`${knob.label} must be in [${knob.min}, ${knob.max ?? '∞'}], got ${v}`);
    values[knob.key] = v;
  }
  if (problems.length > 0) throw new Error(`${info.name}: ${problems.join('; ')}.`);
  return values;
}

/** A label for a run: the name, then its knobs, e.g. "ε-greedy (ε 0.05)". */
export function policyLabel(info: PolicyInfo, knobs: Readonly<Record<string, number>>): string {
  const parts = info.knobs.map((k) => `${k.label} ${knobs[k.key] ?? k.default}`);
  return parts.length > 0 ? `${info.name} (${parts.join(', ')})` : info.name;
}
