/**
 * Model quality from labelled predictions, kept as mergeable aggregates: sums and counts for
 * accuracy, log loss, RMSE and MAE, and for AUC a histogram of scores per class (AUC is a rank
 * statistic: from per-bucket histograms it merges exactly, with scores in the same 1/SCORE_BINS
 * bin counted as ties). A label that replaces another is taken out with sign −1 and the new one
 * added, so buckets never need recomputing from the rows.
 */

export const SCORE_BINS = 10_000;
/** Log loss clips probabilities away from 0 and 1, as scikit-learn does with float64's resolution. */
export const LOG_LOSS_EPSILON = 1e-15;

/** One labelled prediction: the truth (0/1 or a value) and the model's score (P(positive)) or estimate. */
export interface Observation {
  truth: number;
  estimate: number;
}

export interface ClassificationAggregate {
  task: 'classification';
  labelled: number;
  correct: number;
  logLossSum: number;
  /** Sparse score histogram, sorted by bin: [bin, negatives, positives]. */
  scores: Array<[number, number, number]>;
}

export interface RegressionAggregate {
  task: 'regression';
  labelled: number;
  squaredErrorSum: number;
  absoluteErrorSum: number;
}

export type QualityAggregate = ClassificationAggregate | RegressionAggregate;

export interface QualityMetrics {
  labelled: number;
  accuracy?: number;
  auc?: number;
  logLoss?: number;
  rmse?: number;
  mae?: number;
}

export function emptyAggregate(task: QualityAggregate['task']): QualityAggregate {
  return task === 'classification'
    ? { task, labelled: 0, correct: 0, logLossSum: 0, scores: [] }
    : { task, labelled: 0, squaredErrorSum: 0, absoluteErrorSum: 0 };
}

export function scoreBin(score: number): number {
  return Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)));
}

/** Adds (sign 1) or takes out (sign −1) one observation; returns a new aggregate. */
export function applyObservation<A extends QualityAggregate>(aggregate: A, observation: Observation, sign: 1 | -1): A {
  const { truth, estimate } = observation;
  if (aggregate.task === 'regression') {
    const error = estimate - truth;
    return {
      ...aggregate,
      labelled: aggregate.labelled + sign,
      squaredErrorSum: aggregate.squaredErrorSum + sign * error * error,
      absoluteErrorSum: aggregate.absoluteErrorSum + sign * Math.abs(error)
    };
  }
  const positive = truth === 1;
  const clipped = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, estimate));
  const loss = -Math.log(positive ? clipped : 1 - clipped);
  const predictedPositive = estimate >= 0.5;
  const bin = scoreBin(estimate);
  return {
    ...aggregate,
    labelled: aggregate.labelled + sign,
    correct: aggregate.correct + (predictedPositive === positive ? sign : 0),
    logLossSum: aggregate.logLossSum + sign * loss,
    scores: addToHistogram(aggregate.scores, [[bin, positive ? 0 : sign, positive ? sign : 0]])
  };
}

export function mergeAggregates<A extends QualityAggregate>(a: A, b: A): A {
  if (a.task === 'regression' && b.task === 'regression') {
    return {
      ...a,
      labelled: a.labelled + b.labelled,
      squaredErrorSum: a.squaredErrorSum + b.squaredErrorSum,
      absoluteErrorSum: a.absoluteErrorSum + b.absoluteErrorSum
    };
  }
  if (a.task === 'classification' && b.task === 'classification') {
    return {
      ...a,
      labelled: a.labelled + b.labelled,
      correct: a.correct + b.correct,
      logLossSum: a.logLossSum + b.logLossSum,
      scores: addToHistogram(a.scores, b.scores)
    };
  }
  throw new Error(`cannot merge a ${a.task} aggregate with a ${b.task} one`);
}

export function metricsOf(aggregate: QualityAggregate): QualityMetrics {
  const n = aggregate.labelled;
  if (n <= 0) return { labelled: 0 };
  if (aggregate.task === 'regression') {
    // Sums that had labels taken out may sit a rounding error below zero.
    return { labelled: n, rmse: Math.sqrt(Math.max(0, aggregate.squaredErrorSum) / n), mae: Math.max(0, aggregate.absoluteErrorSum) / n };
  }
  const metrics: QualityMetrics = { labelled: n, accuracy: aggregate.correct / n, logLoss: Math.max(0, aggregate.logLossSum) / n };
  const auc = aucOf(aggregate.scores);
  if (auc !== null) metrics.auc = auc;
  return metrics;
}

/** The probability a random positive scores above a random negative (ties count half); null without both classes. */
export function aucOf(scores: ReadonlyArray<readonly [number, number, number]>): number | null {
  let negativesBelow = 0;
  let pairs = 0;
  let positives = 0;
  for (const [, negatives, binPositives] of scores) {
    pairs += binPositives * (negativesBelow + negatives / 2);
    negativesBelow += negatives;
    positives += binPositives;
  }
  if (positives === 0 || negativesBelow === 0) return null;
  return pairs / (positives * negativesBelow);
}

function addToHistogram(
  a: ReadonlyArray<[number, number, number]>,
  b: ReadonlyArray<[number, number, number]>
): Array<[number, number, number]> {
  const byBin = new Map<number, [number, number]>();
  for (const [bin, negatives, positives] of [...a, ...b]) {
    const counts = byBin.get(bin) ?? [0, 0];
    byBin.set(bin, [counts[0] + negatives, counts[1] + positives]);
  }
  return [...byBin.entries()]
    .filter(([, [negatives, positives]]) => negatives !== 0 || positives !== 0)
    .sort((x, y) => x[0] - y[0])
    .map(([bin, [negatives, positives]]) => [bin, negatives, positives]);
}
