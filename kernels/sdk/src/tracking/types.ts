/**
 * Experiments and runs as the SDK sees them. They mirror the backend's contract
 * (server/tracking/schemas.ts) by hand: the SDK ships on its own, and tslab type-checks these
 * declarations with TypeScript 5.0 and the ES2022 library only.
 */

export type LifecycleStage = 'active' | 'deleted';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
/** What started a run: the SDK in a script, a notebook, the MLflow API, or a training job. */
export type OriginSource = 'sdk' | 'mlflow' | 'notebook' | 'job';

export interface Experiment {
  id: string;
  name: string;
  description?: string;
  tags: Record<string, string>;
  lifecycleStage: LifecycleStage;
  /** mlportal-artifacts:/experiments/<id> */
  artifactLocation: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  revision: number;
}

export interface CreateExperimentRequest {
  /** 1..256 characters, unique. */
  name: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface UpdateExperimentRequest {
  name?: string;
  description?: string;
  tags?: Record<string, string>;
  /** The revision the change applies to; read first when not given (a 409 stale_revision says someone changed it since). */
  expectedRevision?: number;
}

export interface ExperimentQuery {
  /** Exact name. */
  name?: string;
  /** Substring of the name, case-insensitive. */
  search?: string;
  maxResults?: number;
  pageToken?: string;
}

export interface ExperimentPage {
  experiments: Experiment[];
  nextPageToken?: string;
}

/** Where a run (or a model version) came from. */
export interface RunOrigin {
  notebookPath?: string;
  cellId?: string;
  kernel?: string;
  gitCommit?: string;
  trainingSetId?: string;
  jobId?: string;
  source?: OriginSource;
}

export interface MetricPoint {
  value: number;
  step: number;
  timestamp: string;
}

export interface Run {
  /** 32 hex characters, like MLflow's run ids. */
  id: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  startTime: string;
  endTime?: string;
  createdBy: string;
  lifecycleStage: LifecycleStage;
  params: Record<string, string>;
  /** The latest value per key: the highest step, then the latest timestamp. */
  metrics: Record<string, MetricPoint>;
  tags: Record<string, string>;
  origin: RunOrigin;
  /** mlportal-artifacts:/runs/<id> */
  artifactUri: string;
}

export interface StartRunOptions {
  /** The experiment's name; created when missing. Default: the experiment "Default" (id "0"). */
  experiment?: string;
  /** The experiment's id, instead of its name. */
  experimentId?: string;
  name?: string;
  tags?: Record<string, string>;
  /** Merged over what the SDK detects (notebook path, kernel, git commit in the Node entry). */
  origin?: RunOrigin;
  /** The training set the run trains on (also recorded when one is built while the run is active). */
  trainingSetId?: string;
}

/** Numbers and booleans are logged as their strings, as MLflow does. */
export type ParamValue = string | number | boolean;

export interface MetricInput {
  key: string;
  value: number;
  /** An integer ≥ 0; default 0 (or the step of the call's options). */
  step?: number;
  timestamp?: string | Date;
}

/** `{ auc: 0.91, loss: 0.2 }`, or entries with their own steps. */
export type MetricsInput = Record<string, number> | MetricInput[];

export interface LogMetricsOptions {
  /** The step of entries that give none. */
  step?: number;
  /** The timestamp of entries that give none (default: the backend's clock). */
  timestamp?: string | Date;
}

export interface MetricHistory {
  key: string;
  /** Ordered by step, then timestamp. */
  history: MetricPoint[];
}

export interface RunSearch {
  /** Experiment names (default: every experiment). */
  experiment?: string | string[];
  experimentIds?: string[];
  /** MLflow's grammar, e.g. `metrics.auc > 0.8 and params.lr = '0.01'`. */
  filter?: string;
  /** e.g. "metrics.auc DESC", "attributes.start_time ASC" (default: start_time DESC). */
  orderBy?: string | string[];
  /** At most 1000, default 100. */
  maxResults?: number;
  pageToken?: string;
}

export interface RunPage {
  runs: Run[];
  nextPageToken?: string;
}

/** One entry of a run's artifact directory listing. */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  size?: number;
  /** The file holds data rows: downloading it needs features:read-rows. */
  rows?: boolean;
}

export interface StoredArtifact {
  path: string;
  sha256: string;
  size: number;
  rows?: boolean;
}

/** A run by id, or anything carrying one (a Run, an ActiveRun). */
export type RunRef = string | { id: string };
