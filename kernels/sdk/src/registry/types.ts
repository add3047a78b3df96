/**
 * Registered models and their versions as the SDK sees them: the wire types are the contract's
 * (`@mlportal/contract`, z.infer of the schemas the backend validates with); what is declared here
 * are the SDK's own inputs and options, built on them.
 */
import type { z } from 'zod';
import type {
  CreateModelRequest,
  CreateVersionRequest,
  LineageHintsSchema,
  ListModelsQuery,
  TransitionRequest,
  UpdateModelRequest as UpdateModelBody,
  UpdateVersionRequest as UpdateVersionBody,
  VersionLineage
} from '@mlportal/contract';

export type {
  Comparison,
  CreateVersionRequest,
  EventKind as StageEventKind,
  FeatureModels as FeatureModelUsage,
  Lineage,
  LineageFeature,
  ModelArtifact,
  ModelVersion,
  RegisteredModel,
  Signature,
  Stage,
  StageEvent,
  TensorSpec,
  VersionLineage
} from '@mlportal/contract';

/** What a caller may state about a version's origin; the rest is derived from the run and training set. */
export type LineageInput = z.input<typeof LineageHintsSchema>;

/** The run as lineage shows it. */
export type LineageRun = NonNullable<VersionLineage['run']>;

/** The ONNX bytes of a model. Node's Buffer is a Uint8Array. */
export type OnnxBytes = Uint8Array | ArrayBuffer;

export type RegisterRequest = Omit<CreateVersionRequest, 'artifact' | 'runId' | 'lineage'> & {
  /** `^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`; the model is created when missing. */
  name: CreateModelRequest['name'];
  onnx: OnnxBytes;
  /** Of the model, when this call creates it. */
  modelDescription?: CreateModelRequest['description'];
  /** The run that trained it; default the active run, null for none. */
  runId?: CreateVersionRequest['runId'] | null;
  /** Merged over what the SDK detects (notebook path, git commit in the Node entry). */
  lineage?: LineageInput;
  /** Time limit of the upload (default ten minutes). */
  timeoutMs?: number;
};

export type ModelQuery = Pick<ListModelsQuery, 'search'>;

/** The revision a change applies to; read first when not given (a 409 stale_revision says someone changed it since). */
export type RevisionOption = Partial<Pick<UpdateModelBody, 'expectedRevision'>>;

export type UpdateModelRequest = Omit<UpdateModelBody, 'expectedRevision'> & RevisionOption;

export type UpdateVersionRequest = Omit<UpdateVersionBody, 'expectedRevision'> & RevisionOption;

export type TransitionOptions = RevisionOption &
  Pick<TransitionRequest, 'comment'> & {
    /** Move the other versions in the target stage to 'archived' (archiveExistingVersions on the wire). */
    archiveExisting?: TransitionRequest['archiveExistingVersions'];
  };

/** A version number, "v3", "latest", or an alias such as "champion". */
export type VersionRef = number | string;
