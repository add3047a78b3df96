/**
 * Experiment tracking's documents in the document store, the collections that hold them, and the
 * conversions to the API's shapes. Domain code reaches them only through the store port.
 */
import type { Principal } from '../platform/principal';
import type { Stored } from '../platform/store/port';
import { fromEntries, type Entries } from './keys';
import type { Experiment, LifecycleStage, MetricValue, Run, RunOrigin, RunStatus } from '@mlportal/contract';

export const COLLECTIONS = {
  experiments: 'tracking_experiments',
  runs: 'tracking_runs',
  metricPoints: 'tracking_metric_points',
  runArtifacts: 'tracking_run_artifacts'
} as const;

/** Who does it, as tracking records it (createdBy): the acting user's name (routes and the MLflow layer pass context.principal.name). */
export type Actor = Principal['name'];

export interface ExperimentDocument {
  name: string;
  description?: string;
  tags: Entries<{ value: string }>;
  lifecycleStage: LifecycleStage;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

/**
 * A run with its params, tags and the latest value of each metric, keyed by encoded names
 * (keys.ts), so searches filter and sort on `metrics.<name>.value` in the store. The full series
 * of each metric is in MetricPointDocuments.
 */
export interface RunDocument {
  experimentId: string;
  name: string;
  status: RunStatus;
  startTime: string;
  endTime?: string;
  createdBy: string;
  lifecycleStage: LifecycleStage;
  params: Entries<{ value: string }>;
  metrics: Entries<MetricValue>;
  tags: Entries<{ value: string }>;
  origin: RunOrigin;
  updatedAt: string;
}

/** One logged value of one metric of one run. */
export interface MetricPointDocument {
  runId: string;
  key: string;
  value: number;
  step: number;
  timestamp: string;
}

/** A file of a run: its path in the run and the content-addressed artifact holding its bytes. */
export interface RunArtifactDocument {
  runId: string;
  path: string;
  sha256: string;
  size: number;
  /** Set by the writer when the file holds data rows (auth/rows.ts): only row readers may download it. */
  rows?: true;
  createdAt: string;
  createdBy: string;
}

export function toExperiment(stored: Stored<ExperimentDocument>): Experiment {
  return {
    id: stored._id,
    name: stored.name,
    ...(stored.description !== undefined ? { description: stored.description } : {}),
    tags: fromEntries(stored.tags),
    lifecycleStage: stored.lifecycleStage,
    artifactLocation: `mlportal-artifacts:/experiments/${stored._id}`,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    createdBy: stored.createdBy,
    revision: stored._rev
  };
}

export function toRun(stored: Stored<RunDocument>): Run {
  const metrics: Record<string, MetricValue> = {};
  for (const { key, value, step, timestamp } of Object.values(stored.metrics)) metrics[key] = { value, step, timestamp };
  return {
    id: stored._id,
    experimentId: stored.experimentId,
    name: stored.name,
    status: stored.status,
    startTime: stored.startTime,
    ...(stored.endTime !== undefined ? { endTime: stored.endTime } : {}),
    createdBy: stored.createdBy,
    lifecycleStage: stored.lifecycleStage,
    params: fromEntries(stored.params),
    metrics,
    tags: fromEntries(stored.tags),
    origin: { ...stored.origin },
    artifactUri: `mlportal-artifacts:/runs/${stored._id}`
  };
}
