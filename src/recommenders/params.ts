/** Parameter values of a method: defaults per backend, and checks against its schema. */
import type { BackendName } from '../model/backend';
import type { ParamSpec, ParamValues, RecommenderMeta } from './types';

/** The schema's defaults, then the backend's overrides (e.g. SGD on the CPU, Adam on a GPU). */
export function defaultParamsFor(meta: RecommenderMeta, backend: BackendName): ParamValues {
  const values: ParamValues = {};
  for (const p of meta.params) values[p.key] = p.default;
  return { ...values, ...(meta.backendDefaults?.[backend] ?? {}) };
}

/** Why `value` is not acceptable for `spec`, or null when it is. */
export function paramProblem(spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.label} must be a number, got ${String(value)}`;
      if (spec.type === 'integer' && !Number.isInteger(value)) return `${spec.label} must be a whole number, got ${value}`;
      if (value < spec.min) return `${spec.label} must be at least ${spec.min}, got ${value}`;
      if (spec.max !== undefined && value > spec.max) return `${spec.label} must be at most ${spec.max}, got ${value}`;
      return null;
    }
    case 'choice':
      return spec.options.some((o) => o.value === value)
        ? null
        : `${spec.label} must be one of ${spec.options.map((o) => o.value).join(', ')}, got ${String(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${spec.label} must be true or false, got ${String(value)}`;
  }
}

/**
 * Complete, checked parameter values: defaults for the backend, overridden by `given`. Throws an
 * Error listing every problem (unknown keys included) so a bad form or `--algo` setting is named.
 */
export function resolveParams(meta: RecommenderMeta, given: ParamValues, backend: BackendName): ParamValues {
  const values = { ...defaultParamsFor(meta, backend), ...given };
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if (!meta.params.some((p) => p.key === key)) problems.push(`unknown parameter "${key}"`);
  }
  for (const spec of meta.params) {
    const problem = paramProblem(spec, values[spec.key]);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new Error(`${meta.name}: ${problems.join('; ')}.`);
  return values;
}

/** A number parameter (resolveParams has checked it). */
export const num = (values: ParamValues, key: string): number => values[key] as number;
/** A choice parameter (resolveParams has checked it). */
export const choice = <T extends string>(values: ParamValues, key: string): T => values[key] as T;
