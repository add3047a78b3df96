/**
 * Checks what one log call carries, before anything is written. The service checks it itself (not
 * only the HTTP schema): the MLflow layer hands it numbers JSON cannot carry, such as NaN.
 */
import { BadRequestError } from '../platform/errors';
import { KEY_PATTERN, KEY_RULE, type LogRunRequest, TRACKING_LIMITS } from '@mlportal/contract';

export interface CheckedMetric {
  key: string;
  value: number;
  step: number;
  timestamp: string;
}

export interface CheckedLog {
  params: Array<[key: string, value: string]>;
  metrics: CheckedMetric[];
  tags: Array<[key: string, value: string]>;
}

export function checkLog(input: LogRunRequest, now: () => Date): CheckedLog {
  if (typeof input !== 'object' || input === null) throw bad('a log call takes {params?, metrics?, tags?}');
  const params = Object.entries(input.params ?? {});
  const metrics = input.metrics ?? [];
  const tags = Object.entries(input.tags ?? {});
  if (params.length > TRACKING_LIMITS.paramsPerCall)
    throw bad(`at most ${TRACKING_LIMITS.paramsPerCall} params per call (got ${params.length})`);
  if (!Array.isArray(metrics)) throw bad('metrics must be a list of {key, value, step?, timestamp?}');
  if (metrics.length > TRACKING_LIMITS.metricsPerCall)
    throw bad(`at most ${TRACKING_LIMITS.metricsPerCall} metrics per call (got ${metrics.length})`);
  if (tags.length > TRACKING_LIMITS.tagsPerCall) throw bad(`at most ${TRACKING_LIMITS.tagsPerCall} tags per call (got ${tags.length})`);
  const at = now().toISOString();
  return {
    params: params.map(([key, value]) => [checkKey('param', key), paramValue(key, value)]),
    metrics: metrics.map((metric) => checkMetric(metric, at)),
    tags: tags.map(([key, value]) => [checkKey('tag', key), tagValue(key, value)])
  };
}

export function checkKey(kind: string, key: unknown): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw bad(`${kind} key ${JSON.stringify(key)} is invalid: use ${KEY_RULE}`);
  return key;
}

function paramValue(key: string, value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = String(value);
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else throw bad(`param ${JSON.stringify(key)} must be a string, a finite number or a boolean, got ${describe(value)}`);
  if (text.length > TRACKING_LIMITS.paramValue)
    throw bad(`param ${JSON.stringify(key)} is longer than ${TRACKING_LIMITS.paramValue} characters`);
  return text;
}

function tagValue(key: string, value: unknown): string {
  if (typeof value !== 'string') throw bad(`tag ${JSON.stringify(key)} must be a string, got ${describe(value)}`);
  if (value.length > TRACKING_LIMITS.tagValue)
    throw bad(`tag ${JSON.stringify(key)} is longer than ${TRACKING_LIMITS.tagValue} characters`);
  return value;
}

function checkMetric(metric: unknown, now: string): CheckedMetric {
  if (typeof metric !== 'object' || metric === null) throw bad(`a metric is {key, value, step?, timestamp?}, got ${describe(metric)}`);
  const { key, value, step = 0, timestamp } = metric as Record<string, unknown>;
  checkKey('metric', key);
  const name = JSON.stringify(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`metric ${name} must be a finite number, got ${describe(value)}`);
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw bad(`metric ${name}: step must be a whole number ≥ 0, got ${describe(step)}`);
  return {
    key: key as string,
    value: value === 0 ? 0 : value,
    step,
    timestamp: timestamp === undefined ? now : isoTime(timestamp, `metric ${name}: timestamp`)
  };
}

/** An ISO-8601 time in the one form stored (toISOString), so times compare as strings. */
export function isoTime(value: unknown, what: string): string {
  const time = typeof value === 'string' ? new Date(value) : undefined;
  if (!time || Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    throw bad(`${what} must be an ISO-8601 time such as 2024-05-01T12:00:00Z, got ${describe(value)}`);
  }
  return time.toISOString();
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'a list' : typeof value;
}

function bad(message: string): BadRequestError {
  return new BadRequestError(message, undefined, 'invalid_log');
}
