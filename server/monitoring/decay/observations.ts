/**
 * Reading a logged prediction and a label the way a deployment's configuration says: the score
 * (P(positive)) or estimate from the configured output, the label as 0/1 or a value.
 */
import type { MonitoringConfig } from '@mlportal/contract';
import type { LoggedPrediction } from '../config/serving-port';

/**
 * P(positive) for a classifier: the configured output's value, or from a row of class
 * probabilities the positive class's entry (positiveClass as index, else the second of two).
 */
export function scoreOf(prediction: LoggedPrediction, config: MonitoringConfig): number | null {
  const value: unknown = config.scoreOutput !== undefined ? prediction.outputs[config.scoreOutput] : prediction.prediction;
  if (typeof value === 'number') return probability(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) {
    const index =
      typeof config.positiveClass === 'number' && Number.isInteger(config.positiveClass)
        ? config.positiveClass
        : value.length === 2
          ? 1
          : -1;
    const entry = value[index];
    return typeof entry === 'number' ? probability(entry) : null;
  }
  return null;
}

/** A regressor's estimate: the configured output (its first value), else the prediction. */
export function estimateOf(prediction: LoggedPrediction, config: MonitoringConfig): number | null {
  const value: unknown = config.scoreOutput !== undefined ? prediction.outputs[config.scoreOutput] : prediction.prediction;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'number' && Number.isFinite(first) ? first : null;
}

/** The model's number for this prediction under the task: score or estimate. */
export function modelValueOf(prediction: LoggedPrediction, config: MonitoringConfig): number | null {
  return config.task === 'classification' ? scoreOf(prediction, config) : estimateOf(prediction, config);
}

export type Label = number | string | boolean;

/** 0/1 (classification) or the value (regression); a string saying what is wrong when the label does not fit. */
export function truthOf(label: Label, config: MonitoringConfig): number | string {
  if (config.task === 'regression') {
    return typeof label === 'number' && Number.isFinite(label)
      ? label
      : `a regression label must be a number, got ${JSON.stringify(label)}`;
  }
  if (config.positiveClass !== undefined && typeof config.positiveClass === typeof label) return label === config.positiveClass ? 1 : 0;
  if (label === true || label === 1 || label === '1' || label === 'true') return 1;
  if (label === false || label === 0 || label === '0' || label === 'false') return 0;
  const expected =
    config.positiveClass === undefined
      ? 'true/false or 0/1'
      : `true/false, 0/1 or ${JSON.stringify(config.positiveClass)} (the positive class)`;
  return `a classification label must be ${expected}, got ${JSON.stringify(label)}`;
}

function probability(value: number): number | null {
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
}
