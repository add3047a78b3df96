/**
 * A new version's lineage, derived rather than trusted: the run (if named) gives its experiment,
 * origin (notebook, cell, commit, job, training set) and, unless the request brings its own, its
 * latest metrics and params; the training set (named, or the run's) gives the features with the
 * group versions it read. What the request says in `lineage` wins over the run's origin.
 */
import type { CreateVersionRequest, Lineage, Run, TrainingSet } from '@mlportal/contract';
import { NotFoundError } from '../../platform/errors';
import type { LineageSources } from './sources';

export interface DerivedLineage {
  lineage: Lineage;
  metrics: Record<string, number>;
  params: Record<string, string>;
}

const ORIGIN_FIELDS = ['notebookPath', 'cellId', 'gitCommit', 'jobId', 'source'] as const;

export async function deriveLineage(request: CreateVersionRequest, sources: LineageSources): Promise<DerivedLineage> {
  const run = request.runId !== undefined ? await requestedRun(sources, request.runId) : undefined;
  const origin = run ? originOf(run) : {};
  const trainingSetId = request.trainingSetId ?? textOf(run?.origin.trainingSetId);
  const trainingSet = trainingSetId !== undefined ? await requestedTrainingSet(sources, trainingSetId) : undefined;
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

/** The request's run; an unknown one is a 404 naming the runId field. */
async function requestedRun(sources: LineageSources, runId: string): Promise<Run> {
  try {
    return await sources.run(runId);
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(`runId: no run ${runId}`, { field: 'runId', runId });
    throw err;
  }
}

/** The training set named by the request or its run; an unknown one is a 404 naming the trainingSetId field. */
async function requestedTrainingSet(sources: LineageSources, id: string): Promise<TrainingSet> {
  try {
    return await sources.trainingSet(id);
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new NotFoundError(`trainingSetId: no training set ${id}`, { field: 'trainingSetId', trainingSetId: id });
    throw err;
  }
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
