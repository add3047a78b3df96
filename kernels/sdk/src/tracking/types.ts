/**
 * Experiments and runs as the SDK exports them. The wire types are the contract's
 * (@mlportal/contract, z.infer of its schemas), under the names the SDK has always used; what
 * stays here is the SDK's own: the convenience inputs (experiment names, Dates, one orderBy key,
 * a revision read for you), each built on the contract's types.
 */
import type { z } from 'zod';
import type {
  CreateRunRequest,
  ListExperimentsQuerySchema,
  LoggedMetric,
  LogRunRequest,
  RunOrigin,
  SearchRunsRequest,
  UpdateExperimentRequest as UpdateExperimentBody
} from '@mlportal/contract';

export type {
  CreateExperimentRequest,
  Experiment,
  LifecycleStage,
  MetricHistory,
  MetricPoint,
  Run,
  RunOrigin,
  RunStatus
} from '@mlportal/contract';
/** A page of experiments; pass its nextPageToken for the next. */
export type { ExperimentList as ExperimentPage } from '@mlportal/contract';
/** A page of runs; pass its nextPageToken for the next. */
export type { RunList as RunPage } from '@mlportal/contract';
/** One entry of a run's artifact directory listing. */
export type { RunArtifactEntry as ArtifactEntry } from '@mlportal/contract';
export type { StoredRunArtifact as StoredArtifact } from '@mlportal/contract';

/** What started a run: the SDK in a script, a notebook, the MLflow API, or a training job. */
export type OriginSource = NonNullable<RunOrigin['source']>;

/** Changes name, description or tags; without expectedRevision the SDK reads the current one first. */
export type UpdateExperimentRequest = Omit<UpdateExperimentBody, 'expectedRevision'> &
  Partial<Pick<UpdateExperimentBody, 'expectedRevision'>>;

/** Exact name, substring of the name (case-insensitive), page size and token. */
export type ExperimentQuery = z.output<typeof ListExperimentsQuerySchema>;

export interface StartRunOptions extends Pick<CreateRunRequest, 'experimentId' | 'name' | 'tags'> {
  /** The experiment's name; created when missing. Default: the experiment "Default" (id "0"). */
  experiment?: string;
  /** Merged over what the SDK detects (notebook path, kernel, git commit in the Node entry). */
  origin?: RunOrigin;
  /** The training set the run trains on (also recorded when one is built while the run is active). */
  trainingSetId?: RunOrigin['trainingSetId'];
}

/** Numbers and booleans are logged as their strings, as MLflow does. */
export type ParamValue = NonNullable<LogRunRequest['params']>[string];

/** A metric to log: a Date is taken as its ISO-8601 timestamp. */
export interface MetricInput extends Omit<LoggedMetric, 'timestamp'> {
  timestamp?: LoggedMetric['timestamp'] | Date;
}

/** `{ auc: 0.91, loss: 0.2 }`, or entries with their own steps. */
export type MetricsInput = Record<string, number> | MetricInput[];

export interface LogMetricsOptions {
  /** The step of entries that give none. */
  step?: LoggedMetric['step'];
  /** The timestamp of entries that give none (default: the backend's clock). */
  timestamp?: MetricInput['timestamp'];
}

export interface RunSearch extends Omit<SearchRunsRequest, 'orderBy'> {
  /** Experiment names (default: every experiment). */
  experiment?: string | string[];
  /** e.g. "metrics.auc DESC", "attributes.start_time ASC" (default: start_time DESC). */
  orderBy?: string | SearchRunsRequest['orderBy'];
}

/** A run by id, or anything carrying one (a Run, an ActiveRun). */
export type RunRef = string | { id: string };
