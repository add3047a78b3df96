/**
 * What the SDK checks before sending, so a notebook learns which key or value was wrong without a
 * round trip (the backend checks the same rules again).
 */
import { KEY_PATTERN, TRACKING_LIMITS, type LoggedMetric } from '@mlportal/contract';
import { MlportalError } from '../errors';
import type { LogMetricsOptions, MetricInput, MetricsInput, ParamValue } from './types';

const MAX_PARAM_VALUE_LENGTH = TRACKING_LIMITS.paramValue;

/** What one POST /runs/:id/log accepts; larger logs go in several calls. */
export const LOG_LIMITS = {
  params: TRACKING_LIMITS.paramsPerCall,
  metrics: TRACKING_LIMITS.metricsPerCall,
  tags: TRACKING_LIMITS.tagsPerCall
} as const;

export function checkKey(kind: 'metric' | 'param' | 'tag', key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new MlportalError(`${kind} key ${JSON.stringify(key)} is not allowed: use 1 to 250 letters, digits, spaces and _ . - /`);
  }
}

/** Params as strings (numbers and booleans stringified), keys and lengths checked. */
export function paramStrings(params: Record<string, ParamValue>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    checkKey('param', key);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new MlportalError(`param ${JSON.stringify(key)} must be a string, number or boolean; got ${describe(value)}`);
    }
    const text = String(value);
    if (text.length > MAX_PARAM_VALUE_LENGTH) {
      throw new MlportalError(`param ${JSON.stringify(key)} is ${text.length} characters long; at most ${MAX_PARAM_VALUE_LENGTH} are kept`);
    }
    strings[key] = text;
  }
  return strings;
}

export function tagStrings(tags: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(tags)) {
    checkKey('tag', key);
    if (typeof value !== 'string') throw new MlportalError(`tag ${JSON.stringify(key)} must be a string; got ${describe(value)}`);
  }
  return { ...tags };
}

/** Metrics as the backend's entries: finite numbers, integer steps ≥ 0, ISO timestamps. */
export function metricEntries(metrics: MetricsInput, options: LogMetricsOptions = {}): LoggedMetric[] {
  const inputs: MetricInput[] = Array.isArray(metrics) ? metrics : Object.entries(metrics).map(([key, value]) => ({ key, value }));
  return inputs.map((input) => {
    checkKey('metric', input.key);
    if (typeof input.value !== 'number' || !Number.isFinite(input.value)) {
      throw new MlportalError(`metric ${JSON.stringify(input.key)} must be a finite number; got ${describe(input.value)}`);
    }
    const step = input.step ?? options.step;
    if (step !== undefined && (!Number.isInteger(step) || step < 0)) {
      throw new MlportalError(`metric ${JSON.stringify(input.key)}: step must be an integer ≥ 0; got ${describe(step)}`);
    }
    const timestamp = isoTimestamp(input.timestamp ?? options.timestamp, input.key);
    return { key: input.key, value: input.value, ...(step === undefined ? {} : { step }), ...(timestamp ? { timestamp } : {}) };
  });
}

/** The items in chunks of at most `size`. */
export function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function isoTimestamp(value: string | Date | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new MlportalError(`metric ${JSON.stringify(key)}: timestamp ${describe(value)} is not a date`);
  }
  return date.toISOString();
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  return typeof value;
}

const MAX_ARTIFACT_PATH_LENGTH = TRACKING_LIMITS.artifactPath;

/** A run artifact's path: relative, "/"-separated, never leaving the run's folder. */
export function checkArtifactPath(path: string): void {
  const problem =
    typeof path !== 'string' || path.length === 0
      ? 'it is empty'
      : path.length > MAX_ARTIFACT_PATH_LENGTH
        ? `it is longer than ${MAX_ARTIFACT_PATH_LENGTH} characters`
        : path.startsWith('/')
          ? 'it starts with "/" (give a path relative to the run)'
          : path.includes('\\')
            ? 'it contains "\\" (separate folders with "/")'
            : path.split('/').includes('..')
              ? 'it contains ".."'
              : path.split('/').includes('')
                ? 'it has an empty segment'
                : undefined;
  if (problem) throw new MlportalError(`artifact path ${JSON.stringify(path)} is not allowed: ${problem}`);
}
