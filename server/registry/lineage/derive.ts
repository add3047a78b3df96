/**
 * A new version's lineage, derived rather than trusted: the run (if named) gives its experiment,
 * origin (notebook, cell, commit, job, training set) and, unless the request brings its own, its
 * latest metrics and params; the training set (named, or the run's) gives the features with the
 * group versions it read. What the request says in `lineage` wins over the run's origin.
 */
import type { CreateVersionRequest, Lineage } from '../schemas';
import type { Run } from '../../tracking/schemas';
import type { LineageSources } from './sources';

export interface DerivedLineage {
  lineage: Lineage;
  metrics: Record<string, number>;
  params: Record<string, string>;
}

const ORIGIN_FIELDS = ['notebookPath', 'cellId', 'gitCommit', 'jobId', 'source'] as const;

export async function deriveLineage(request: CreateVersionRequest, sources: LineageSources): Promise<DerivedLineage> {
  const run = request.runId !== undefined ? await sources.run(request.runId) : undefined;
  const origin = run ? originOf(run) : {};
  const trainingSetId = request.trainingSetId ?? textOf(run?.origin.trainingSetId);
  const trainingSet = trainingSetId !== undefined ? await sources.trainingSet(trainingSetId) : undefined;
  const lineage: Lineage = {
    ...(run ? { runId: run.id, experimentId: run.experimentId } : {}),
    ...(trainingSet ? { trainingSetId: trainingSet.id } : {}),
    features: (trainingSet?.features ?? []).map(({ group, version, feature, reference }) => ({ group, version, feature, reference })),
    ...origin,
    ...definedOnly(request.lineage ?? {})
  };
  return {
    lineage,
    metrics: request.metrics ?? (run ? latestMetrics(run) : {}),
    params: request.params ?? (run ? { ...run.params } : {})
  };
}

function originOf(run: Run): Partial<Record<(typeof ORIGIN_FIELDS)[number], string>> {
  const out: Partial<Record<(typeof ORIGIN_FIELDS)[number], string>> = {};
  for (const field of ORIGIN_FIELDS) {
    const value = textOf(run.origin[field]);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function latestMetrics(run: Run): Record<string, number> {
  return Object.fromEntries(Object.entries(run.metrics ?? {}).map(([key, metric]) => [key, metric.value]));
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
