/**
 * What each kind of rule measures: a small function from (rule, window) to a value, read from
 * the part that owns the figure (drift, decay, serving's engine), through their services only.
 * null means there was nothing to measure (no traffic, no labels): such a rule does not fire.
 */
import type { AlertKind, AlertRule, TimeWindow } from '@mlportal/contract';
import type { AlertSources } from './sources';

export interface Measurement {
  value: number;
  /** Says what the value is of, for the alert's message (e.g. "feature distance"). */
  subject: string;
}

type Measure = (rule: AlertRule, window: TimeWindow, sources: AlertSources) => Promise<Measurement | null>;

const drift: Measure = async (rule, window, sources) => {
  const features = await sources.driftScores(rule.deployment, window);
  const watched = rule.feature === undefined ? features : features.filter((f) => f.feature === rule.feature);
  if (watched.length === 0) return null;
  const worst = watched.reduce((a, b) => (b.score > a.score ? b : a));
  return { value: worst.score, subject: `drift score of feature ${worst.feature}` };
};

const latencyP99: Measure = async (rule, _window, sources) => {
  const p99s = sources
    .servedVersions(rule.deployment)
    .map((v) => v.p99Ms)
    .filter((ms): ms is number => ms !== null);
  return p99s.length === 0 ? null : { value: Math.max(...p99s), subject: 'p99 latency in ms over the last 60 s' };
};

const errorRate: Measure = async (rule, window, sources) => {
  const { requests, errors } = sources.requestCounts(rule.deployment, window);
  return requests === 0 ? null : { value: errors / requests, subject: `error rate over ${requests} requests` };
};

const accuracy: Measure = async (rule, window, sources) => {
  const quality = await sources.quality(rule.deployment, window);
  return quality?.accuracy === undefined
    ? null
    : { value: quality.accuracy, subject: `accuracy over ${quality.labelled} labelled predictions` };
};

const rmse: Measure = async (rule, window, sources) => {
  const quality = await sources.quality(rule.deployment, window);
  return quality?.rmse === undefined ? null : { value: quality.rmse, subject: `RMSE over ${quality.labelled} labelled predictions` };
};

export const MEASURES: Record<AlertKind, Measure> = { drift, 'latency-p99': latencyP99, 'error-rate': errorRate, accuracy, rmse };

/** Whether `value` breaches the rule: drift at or above; latency, error rate and RMSE above; accuracy below. */
export function breaches(kind: AlertKind, value: number, threshold: number): boolean {
  switch (kind) {
    case 'drift':
      return value >= threshold;
    case 'accuracy':
      return value < threshold;
    default:
      return value > threshold;
  }
}

export function comparison(kind: AlertKind): string {
  return kind === 'drift' ? '≥' : kind === 'accuracy' ? '<' : '>';
}
