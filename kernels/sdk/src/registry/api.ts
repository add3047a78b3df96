import {
  CompareSchema,
  FeatureModelsSchema,
  HistorySchema,
  ModelArtifactSchema,
  ModelListSchema,
  ModelVersionSchema,
  RegisteredModelSchema,
  STAGES,
  VersionLineageSchema,
  VersionListSchema,
  type CreateModelRequest
} from '@mlportal/contract';
import type { Download, RequestOptions } from '../client';
import { MlportalApiError, MlportalError } from '../errors';
import { currentRun } from '../tracking/active';
import { asBytes, collectBytes } from '../bytes';
import { ClientBoundApi, segment } from '../client-bound';
import { checkAlias, checkModelName, versionNumber } from './names';
import type {
  Comparison,
  CreateVersionRequest,
  FeatureModelUsage,
  LineageInput,
  ModelArtifact,
  ModelQuery,
  ModelVersion,
  OnnxBytes,
  RegisteredModel,
  RegisterRequest,
  RevisionOption,
  Stage,
  StageEvent,
  TransitionOptions,
  UpdateModelRequest,
  UpdateVersionRequest,
  VersionLineage,
  VersionRef
} from './types';

export const MODELS_PATH = '/api/v1/models';
export const FEATURE_LINEAGE_PATH = '/api/v1/lineage/features';

/** An ONNX upload takes as long as the file (up to 512 MiB); the client's 30 s suits JSON calls only. */
export const MODEL_UPLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The model registry from a notebook, a job or the sidebar: `client.models`. Browser-safe; the
 * Node entry's NodeModelsApi adds registering from a file, downloads to disk and detected lineage.
 */
export class ModelsApi extends ClientBoundApi {
  // ------------------------------------------------------------ registering

  /**
   * Registers ONNX bytes as a new version of the model: uploads them (the backend validates the
   * file first, so a refused one leaves nothing behind), creates the model when missing, then the
   * version. Lineage comes from the run (default: the active one) and its training set.
   */
  async register(request: RegisterRequest): Promise<ModelVersion> {
    if (request.onnx === undefined || request.onnx === null) {
      throw new MlportalError('register needs the ONNX model: { onnx: <Uint8Array | ArrayBuffer> }');
    }
    return this.registerBody(request, asBytes(request.onnx));
  }

  /** Uploads ONNX bytes; the answer's sha256 names the artifact in createVersion. 422 when it is not a usable ONNX model. */
  async uploadArtifact(onnx: OnnxBytes, options: Pick<RequestOptions, 'timeoutMs'> = {}): Promise<ModelArtifact> {
    return this.uploadBody(asBytes(onnx), options.timeoutMs);
  }

  /** A version of an artifact already uploaded; the model must exist (register() does all three steps). */
  async createVersion(name: string, request: CreateVersionRequest): Promise<ModelVersion> {
    checkModelName(name);
    return this.call(ModelVersionSchema, `${MODELS_PATH}/${segment(name)}/versions`, { method: 'POST', body: request });
  }

  /** A new, empty model; 409 duplicate when the name is taken. */
  async create(name: string, options: Omit<CreateModelRequest, 'name'> = {}): Promise<RegisteredModel> {
    checkModelName(name);
    return this.call(RegisteredModelSchema, MODELS_PATH, { method: 'POST', body: { name, ...options } });
  }

  // ------------------------------------------------------------ reading

  get(name: string): Promise<RegisteredModel> {
    return this.call(RegisteredModelSchema, `${MODELS_PATH}/${segment(name)}`);
  }

  /** Every model (all pages), optionally those whose name contains `search`. */
  async list(query: ModelQuery = {}): Promise<RegisteredModel[]> {
    const models: RegisteredModel[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call(ModelListSchema, MODELS_PATH, {
        query: { search: query.search, pageToken }
      });
      models.push(...page.models);
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return models;
  }

  /** A version by number (3 or "v3"), "latest", or alias ("champion"). */
  async version(name: string, ref: VersionRef): Promise<ModelVersion> {
    const number = await this.resolveNumber(name, ref);
    if (number !== undefined) return this.call(ModelVersionSchema, `${MODELS_PATH}/${segment(name)}/versions/${number}`);
    return this.call(ModelVersionSchema, `${MODELS_PATH}/${segment(name)}/aliases/${segment(String(ref))}`);
  }

  /** Every version, newest first. */
  async versions(name: string): Promise<ModelVersion[]> {
    return (await this.call(VersionListSchema, `${MODELS_PATH}/${segment(name)}/versions`)).versions;
  }

  /** Every recorded change (versions, stages, aliases, edits), newest first. */
  async history(name: string): Promise<StageEvent[]> {
    return (await this.call(HistorySchema, `${MODELS_PATH}/${segment(name)}/history`)).events;
  }

  /** Two to five versions side by side: metrics, params (and which differ), whether the signatures differ. */
  async compare(name: string, versions: VersionRef[]): Promise<Comparison> {
    if (versions.length < 2 || versions.length > 5) throw new MlportalError(`compare takes 2 to 5 versions; got ${versions.length}`);
    const numbers: number[] = [];
    for (const ref of versions) numbers.push(await this.requireNumber(name, ref));
    return this.call(CompareSchema, `${MODELS_PATH}/${segment(name)}/compare`, { query: { versions: numbers.join(',') } });
  }

  /** The version with its run, training set and features (with their versions). */
  async lineage(name: string, ref: VersionRef): Promise<VersionLineage> {
    const number = await this.requireNumber(name, ref);
    return this.call(VersionLineageSchema, `${MODELS_PATH}/${segment(name)}/versions/${number}/lineage`);
  }

  /** Which model versions were trained on a feature (any version of its group). */
  usingFeature(group: string, feature: string): Promise<FeatureModelUsage> {
    return this.call(FeatureModelsSchema, `${FEATURE_LINEAGE_PATH}/${segment(group)}/${segment(feature)}`);
  }

  /** The version's ONNX bytes, ready for onnxruntime's InferenceSession.create. */
  async download(name: string, ref: VersionRef, options: Pick<RequestOptions, 'timeoutMs'> = {}): Promise<Uint8Array> {
    return collectBytes((await this.downloadStream(name, ref, options)).chunks);
  }

  // ------------------------------------------------------------ changing

  /** Description and tags of the model; without expectedRevision the current one is read first. */
  async update(name: string, request: UpdateModelRequest): Promise<RegisteredModel> {
    const expectedRevision = request.expectedRevision ?? (await this.get(name)).revision;
    return this.call(RegisteredModelSchema, `${MODELS_PATH}/${segment(name)}`, { method: 'PATCH', body: { ...request, expectedRevision } });
  }

  /** Description, card, tags or metrics of a version; without expectedRevision the current one is read first. */
  async updateVersion(name: string, ref: VersionRef, request: UpdateVersionRequest): Promise<ModelVersion> {
    const current = await this.version(name, ref);
    return this.call(ModelVersionSchema, `${MODELS_PATH}/${segment(name)}/versions/${current.version}`, {
      method: 'PATCH',
      body: { ...request, expectedRevision: request.expectedRevision ?? current.revision }
    });
  }

  /**
   * Moves a version to a stage. To or from 'production' needs models:promote-production. A 409
   * stale_revision means someone changed the version since it was read: nothing changed.
   */
  async transition(name: string, ref: VersionRef, stage: Stage, options: TransitionOptions = {}): Promise<ModelVersion> {
    if (!STAGES.includes(stage)) throw new MlportalError(`stage must be one of ${STAGES.join(', ')}; got ${JSON.stringify(stage)}`);
    const current = await this.version(name, ref);
    return this.call(ModelVersionSchema, `${MODELS_PATH}/${segment(name)}/versions/${current.version}/stage`, {
      method: 'POST',
      body: {
        stage,
        expectedRevision: options.expectedRevision ?? current.revision,
        archiveExistingVersions: options.archiveExisting,
        comment: options.comment
      }
    });
  }

  /** Points the alias (e.g. "champion") at a version; the model's revision guards the change. */
  async setAlias(name: string, alias: string, ref: VersionRef, options: RevisionOption = {}): Promise<RegisteredModel> {
    checkAlias(alias);
    const version = await this.requireNumber(name, ref);
    const expectedRevision = options.expectedRevision ?? (await this.get(name)).revision;
    return this.call(RegisteredModelSchema, `${MODELS_PATH}/${segment(name)}/aliases/${segment(alias)}`, {
      method: 'PUT',
      body: { version, expectedRevision }
    });
  }

  async deleteAlias(name: string, alias: string, options: RevisionOption = {}): Promise<RegisteredModel> {
    const expectedRevision = options.expectedRevision ?? (await this.get(name)).revision;
    return this.call(RegisteredModelSchema, `${MODELS_PATH}/${segment(name)}/aliases/${segment(alias)}`, {
      method: 'DELETE',
      query: { expectedRevision }
    });
  }

  /** Deletes the model and its versions (refused while a version is in production). */
  async delete(name: string, options: RevisionOption = {}): Promise<void> {
    const expectedRevision = options.expectedRevision ?? (await this.get(name)).revision;
    await this.callWithoutAnswer(`${MODELS_PATH}/${segment(name)}`, { method: 'DELETE', query: { expectedRevision } });
  }

  async deleteVersion(name: string, ref: VersionRef, options: RevisionOption = {}): Promise<void> {
    const current = await this.version(name, ref);
    await this.callWithoutAnswer(`${MODELS_PATH}/${segment(name)}/versions/${current.version}`, {
      method: 'DELETE',
      query: { expectedRevision: options.expectedRevision ?? current.revision }
    });
  }

  // ------------------------------------------------------------ for the Node entry

  /** What the SDK knows of where it runs; the Node entry detects the notebook and git commit. */
  protected detectedLineage(): Promise<LineageInput> {
    return Promise.resolve({});
  }

  /** register() with the artifact's body given as bytes, or as a stream by the Node entry. */
  protected async registerBody(request: Omit<RegisterRequest, 'onnx'>, body: unknown): Promise<ModelVersion> {
    checkModelName(request.name);
    const runId = request.runId === null ? undefined : (request.runId ?? currentRun()?.id);
    const lineage = { ...(await this.detectedLineage()), ...request.lineage };
    const artifact = await this.uploadBody(body, request.timeoutMs);
    await this.ensureModel(request.name, request.modelDescription);
    return this.createVersion(request.name, {
      artifact: artifact.sha256,
      description: request.description,
      metrics: request.metrics,
      params: request.params,
      tags: request.tags,
      card: request.card,
      runId,
      trainingSetId: request.trainingSetId,
      lineage: Object.keys(lineage).length > 0 ? lineage : undefined
    });
  }

  protected uploadBody(body: unknown, timeoutMs: number | undefined): Promise<ModelArtifact> {
    return this.call(ModelArtifactSchema, `${MODELS_PATH}/artifacts`, {
      method: 'POST',
      upload: { body, contentType: 'application/octet-stream' },
      timeoutMs: timeoutMs ?? MODEL_UPLOAD_TIMEOUT_MS
    });
  }

  protected async downloadStream(name: string, ref: VersionRef, options: Pick<RequestOptions, 'timeoutMs'>): Promise<Download> {
    const number = await this.requireNumber(name, ref);
    return this.client().download(`${MODELS_PATH}/${segment(name)}/versions/${number}/artifact`, {
      timeoutMs: options.timeoutMs ?? MODEL_UPLOAD_TIMEOUT_MS
    });
  }

  // ------------------------------------------------------------ plumbing

  /** The model, created when missing; a concurrent creation (409) is read back. */
  private async ensureModel(name: string, description: string | undefined): Promise<RegisteredModel> {
    try {
      return await this.get(name);
    } catch (error) {
      if (!(error instanceof MlportalApiError && error.status === 404)) throw error;
    }
    try {
      return await this.create(name, { description });
    } catch (error) {
      if (error instanceof MlportalApiError && error.status === 409) return this.get(name);
      throw error;
    }
  }

  /** The version number a reference names without asking the backend, else undefined (an alias); "latest" is read. */
  private async resolveNumber(name: string, ref: VersionRef): Promise<number | undefined> {
    if (ref === 'latest') {
      const latest = (await this.get(name)).latestVersion;
      if (latest === null) throw new MlportalError(`model ${JSON.stringify(name)} has no versions yet`);
      return latest;
    }
    return versionNumber(ref);
  }

  private async requireNumber(name: string, ref: VersionRef): Promise<number> {
    return (await this.resolveNumber(name, ref)) ?? (await this.version(name, ref)).version;
  }
}
