/**
 * Registered models and their versions as the SDK sees them. They mirror the backend's contract
 * (server/registry/schemas.ts) by hand: the SDK ships on its own, and tslab type-checks these
 * declarations with TypeScript 5.0 and the ES2022 library only.
 */
import type { TrainingSetRecord } from '../features/types';
import type { Run } from '../tracking/types';

export type Stage = 'none' | 'staging' | 'production' | 'archived';

export interface RegisteredModel {
  name: string;
  description: string;
  tags: Record<string, string>;
  /** Alias → version number. */
  aliases: Record<string, number>;
  latestVersion: number | null;
  versionCount: number;
  productionVersion: number | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  revision: number;
}

export interface TensorSpec {
  name: string;
  /** ONNX element type, e.g. 'float32', 'int64', 'string'. */
  elementType: string;
  /** Numbers are fixed sizes, strings symbolic dimensions (e.g. "batch"), null unknown. */
  shape: Array<number | string | null>;
}

export interface Signature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  opsets: Array<{ domain: string; version: number }>;
  producer?: string;
  irVersion: number;
}

/** An uploaded, validated ONNX file, stored by its content hash. */
export interface ModelArtifact {
  sha256: string;
  size: number;
  format: 'onnx';
  signature: Signature;
}

export interface LineageFeature {
  group: string;
  version: number;
  feature: string;
  /** group@vN:feature */
  reference: string;
}

export interface Lineage {
  runId?: string;
  experimentId?: string;
  trainingSetId?: string;
  features: LineageFeature[];
  notebookPath?: string;
  cellId?: string;
  gitCommit?: string;
  jobId?: string;
  source?: string;
}

/** What a caller may state about a version's origin; the rest is derived from the run and training set. */
export interface LineageInput {
  notebookPath?: string;
  cellId?: string;
  gitCommit?: string;
  jobId?: string;
  source?: string;
}

export interface ModelVersion {
  model: string;
  version: number;
  description: string;
  stage: Stage;
  aliases: string[];
  artifact: ModelArtifact;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Markdown. */
  card: string;
  lineage: Lineage;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  revision: number;
}

export type StageEventKind = 'created' | 'stage' | 'alias-set' | 'alias-deleted' | 'edited' | 'deleted';

/** One recorded change of a model: who, when, from, to. */
export interface StageEvent {
  at: string;
  by: string;
  model: string;
  version?: number;
  kind: StageEventKind;
  /** For alias-set and alias-deleted. */
  alias?: string;
  /** The stage before, or for aliases the version it pointed at. */
  from?: string | null;
  to?: string | null;
  comment?: string;
}

/** The ONNX bytes of a model. Node's Buffer is a Uint8Array. */
export type OnnxBytes = Uint8Array | ArrayBuffer;

export interface RegisterRequest {
  /** `^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`; the model is created when missing. */
  name: string;
  onnx: OnnxBytes;
  /** Of the version. */
  description?: string;
  /** Of the model, when this call creates it. */
  modelDescription?: string;
  /** Default: the run's latest metrics. */
  metrics?: Record<string, number>;
  /** Default: the run's params. */
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** Markdown model card. */
  card?: string;
  /** The run that trained it; default the active run, null for none. */
  runId?: string | null;
  /** Default: the run's training set. */
  trainingSetId?: string;
  /** Merged over what the SDK detects (notebook path, git commit in the Node entry). */
  lineage?: LineageInput;
  /** Time limit of the upload (default ten minutes). */
  timeoutMs?: number;
}

/** POST /api/v1/models/:name/versions: a version of an artifact already uploaded. */
export interface CreateVersionRequest {
  /** The sha256 of an uploaded artifact. */
  artifact: string;
  description?: string;
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  card?: string;
  runId?: string;
  trainingSetId?: string;
  lineage?: LineageInput;
}

export interface ModelQuery {
  /** Substring of the name. */
  search?: string;
}

export interface RevisionOption {
  /** The revision the change applies to; read first when not given (a 409 stale_revision says someone changed it since). */
  expectedRevision?: number;
}

export interface UpdateModelRequest extends RevisionOption {
  description?: string;
  tags?: Record<string, string>;
}

export interface UpdateVersionRequest extends RevisionOption {
  description?: string;
  card?: string;
  tags?: Record<string, string>;
  metrics?: Record<string, number>;
}

export interface TransitionOptions extends RevisionOption {
  /** Move the other versions in the target stage to 'archived'. */
  archiveExisting?: boolean;
  comment?: string;
}

/** A version number, "v3", "latest", or an alias such as "champion". */
export type VersionRef = number | string;

export interface Comparison {
  versions: ModelVersion[];
  /** One value per compared version, null where it lacks the metric. */
  metrics: Array<{ key: string; values: Array<number | null> }>;
  params: Array<{ key: string; values: Array<string | null>; differs: boolean }>;
  signatureDiffers: boolean;
}

/** The run as lineage shows it. */
export interface LineageRun extends Pick<Run, 'id' | 'experimentId' | 'status' | 'params' | 'metrics' | 'tags'> {
  name?: string;
  startTime?: string;
  endTime?: string;
  createdBy?: string;
  origin: Record<string, string>;
}

export interface VersionLineage {
  version: ModelVersion;
  run?: LineageRun;
  trainingSet?: TrainingSetRecord;
  features: LineageFeature[];
}

export interface FeatureModelUsage {
  models: Array<{ model: string; version: number; stage: Stage; trainingSetId: string }>;
}
