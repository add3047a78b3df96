/**
 * How a quality aggregate is kept in a bucket document. The classification score histogram is one
 * flat list of (bin, negatives, positives) triples rather than a list of triples: FerretDB 1.x (a
 * MongoDB-wire server the store supports) refuses nested arrays. Buckets SQLite kept in the nested
 * form before still read.
 */
import type { ClassificationAggregate, QualityAggregate, RegressionAggregate } from './quality-aggregate';

export type StoredAggregate =
  RegressionAggregate | (Omit<ClassificationAggregate, 'scores'> & { scores: number[] | Array<[number, number, number]> });

export function toStoredAggregate(aggregate: QualityAggregate): StoredAggregate {
  if (aggregate.task === 'regression') return aggregate;
  return { ...aggregate, scores: aggregate.scores.flat() };
}

export function fromStoredAggregate(stored: StoredAggregate): QualityAggregate {
  if (stored.task === 'regression') return stored;
  const { scores } = stored;
  if (scores.length === 0 || Array.isArray(scores[0])) return { ...stored, scores: scores as Array<[number, number, number]> };
  const flat = scores as number[];
  const triples: Array<[number, number, number]> = [];
  for (let i = 0; i + 2 < flat.length; i += 3) triples.push([flat[i], flat[i + 1], flat[i + 2]]);
  return { ...stored, scores: triples };
}
