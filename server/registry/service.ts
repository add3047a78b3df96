/**
 * The model registry's story, as the routes and the MLflow layer call it: models, ONNX artifacts,
 * versions, stages, aliases, history, comparison and lineage. Every method takes the acting
 * user as a plain string (routes pass the token's name) and prepares its collections first.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ModelUsageSource } from '../features/discovery';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import { onceRetryingFailure } from '../platform/once';
import type { DocumentStore } from '../platform/store/port';
import { AliasBook } from './aliases';
import { ModelArtifacts } from './artifacts';
import { compareVersions } from './compare';
import { RegistryStore } from './context';
import { modelsUsingFeature, versionLineage, versionsTrainedOn } from './lineage/read';
import type { LineageSources } from './lineage/sources';
import { ModelCatalog } from './models';
import type {
  Comparison,
  CreateModelRequest,
  CreateVersionRequest,
  FeatureModels,
  ListModelsQuery,
  ModelArtifact,
  ModelList,
  ModelVersion,
  RegisteredModel,
  SetAliasRequest,
  StageEvent,
  TransitionRequest,
  UpdateModelRequest,
  UpdateVersionRequest,
  VersionLineage
} from './schemas';
import { StageTransitions, type PermissionCheck } from './stages';
import { VersionCatalog } from './versions';

export interface RegistryServiceDependencies {
  store: DocumentStore;
  artifacts: ArtifactStore;
  logger: Logger;
  dataDir: string;
  /** This start's id (the data-dir lock's): upload temp files carry it. */
  startId: string;
  /** Largest ONNX file (MLPORTAL_MODEL_MAX_BYTES). */
  modelMaxBytes: number;
  /** Runs and training sets (see lineage/sources.ts). */
  sources: LineageSources;
  now?: () => Date;
}

export interface ArtifactDownload {
  stream: Readable;
  size: number;
  fileName: string;
}

export class RegistryService {
  private readonly registry: RegistryStore;
  private readonly modelCatalog: ModelCatalog;
  private readonly versionCatalog: VersionCatalog;
  private readonly stages: StageTransitions;
  private readonly aliasBook: AliasBook;
  private readonly modelArtifacts: ModelArtifacts;
  private readonly preparation = onceRetryingFailure(async () => {
    await this.registry.prepare();
    await this.modelArtifacts.prepare();
  });

  constructor(private readonly deps: RegistryServiceDependencies) {
    const now = deps.now ?? (() => new Date());
    this.registry = new RegistryStore(deps.store, now);
    this.modelArtifacts = new ModelArtifacts({
      store: deps.store,
      artifacts: deps.artifacts,
      tempDir: path.join(deps.dataDir, 'registry', 'tmp'),
      startId: deps.startId,
      maxBytes: deps.modelMaxBytes,
      now
    });
    this.modelCatalog = new ModelCatalog(this.registry);
    this.versionCatalog = new VersionCatalog(this.registry, this.modelCatalog, this.modelArtifacts, deps.sources);
    this.stages = new StageTransitions(this.registry, this.modelCatalog, this.versionCatalog);
    this.aliasBook = new AliasBook(this.registry, this.modelCatalog, this.versionCatalog);
  }

  /** Indexes and the upload folder; idempotent, and every method below awaits it. */
  ready(): Promise<void> {
    return this.preparation();
  }

  readonly models = {
    create: (request: CreateModelRequest, actor: string): Promise<RegisteredModel> => this.afterReady(() => this.modelCatalog.create(request, actor)),
    get: (name: string): Promise<RegisteredModel> => this.afterReady(() => this.modelCatalog.get(name)),
    list: (query: ListModelsQuery = {}): Promise<ModelList> => this.afterReady(() => this.modelCatalog.list(query)),
    update: (name: string, request: UpdateModelRequest, actor: string): Promise<RegisteredModel> => this.afterReady(() => this.modelCatalog.update(name, request, actor)),
    delete: (name: string, expectedRevision: number, actor: string): Promise<void> => this.afterReady(() => this.modelCatalog.delete(name, expectedRevision, actor))
  };

  readonly artifacts = {
    /** A streamed ONNX upload → validated and stored (413 past the limit, 422 when refused; nothing kept either way). */
    upload: (body: Readable, actor: string): Promise<ModelArtifact> => this.afterReady(() => this.modelArtifacts.upload(body, actor)),
    /** Validates a file already in the artifact store (e.g. a run artifact) so versions can reference it. */
    registerExisting: (sha256: string, actor: string): Promise<ModelArtifact> => this.afterReady(() => this.modelArtifacts.registerExisting(sha256, actor)),
    get: (sha256: string): Promise<ModelArtifact> => this.afterReady(() => this.modelArtifacts.get(sha256))
  };

  readonly versions = {
    create: (name: string, request: CreateVersionRequest, actor: string): Promise<ModelVersion> => this.afterReady(() => this.versionCatalog.create(name, request, actor)),
    get: (name: string, version: number): Promise<ModelVersion> => this.afterReady(() => this.versionCatalog.get(name, version)),
    /** Newest first. */
    list: (name: string): Promise<ModelVersion[]> => this.afterReady(() => this.versionCatalog.list(name)),
    update: (name: string, version: number, request: UpdateVersionRequest, actor: string): Promise<ModelVersion> => this.afterReady(() => this.versionCatalog.update(name, version, request, actor)),
    delete: (name: string, version: number, expectedRevision: number, actor: string): Promise<void> => this.afterReady(() => this.versionCatalog.delete(name, version, expectedRevision, actor)),
    /** `authorize` throws when the caller lacks a permission (production moves need models:promote-production). */
    transition: (name: string, version: number, request: TransitionRequest, actor: string, authorize: PermissionCheck): Promise<ModelVersion> => this.afterReady(() => this.stages.transition(name, version, request, actor, authorize)),
    /** The version's ONNX file. */
    artifact: async (name: string, version: number): Promise<ArtifactDownload> => {
      const found = await this.versions.get(name, version);
      return { stream: await this.modelArtifacts.open(found.artifact.sha256), size: found.artifact.size, fileName: `${found.model}-v${found.version}.onnx` };
    }
  };

  readonly aliases = {
    set: (name: string, alias: string, request: SetAliasRequest, actor: string): Promise<RegisteredModel> => this.afterReady(() => this.aliasBook.set(name, alias, request, actor)),
    get: (name: string, alias: string): Promise<ModelVersion> => this.afterReady(() => this.aliasBook.get(name, alias)),
    delete: (name: string, alias: string, expectedRevision: number, actor: string): Promise<RegisteredModel> => this.afterReady(() => this.aliasBook.delete(name, alias, expectedRevision, actor))
  };

  /** Newest first. */
  async history(name: string): Promise<StageEvent[]> {
    await this.ready();
    const model = await this.modelCatalog.require(name);
    return this.registry.events.history(model._id);
  }

  /** 2 to 5 versions, in the order asked. */
  async compare(name: string, versions: number[]): Promise<Comparison> {
    await this.ready();
    const found: ModelVersion[] = [];
    for (const version of versions) found.push(await this.versionCatalog.get(name, version));
    return compareVersions(found);
  }

  async lineage(name: string, version: number): Promise<VersionLineage> {
    await this.ready();
    return versionLineage(await this.versionCatalog.get(name, version), this.deps.sources);
  }

  async modelsUsingFeature(group: string, feature: string): Promise<FeatureModels> {
    await this.ready();
    return modelsUsingFeature(this.registry, this.deps.sources, group, feature);
  }

  /** For Feature Discovery's usage lists (features.discovery.setModelUsageSource). */
  modelUsageSource(): ModelUsageSource {
    return {
      modelsTrainedOn: async (trainingSetIds) => {
        await this.ready();
        const versions = await versionsTrainedOn(this.registry, trainingSetIds);
        return versions.map((v) => ({ model: v.model, version: String(v.version), trainingSetId: v.trainingSetId! }));
      }
    };
  }

  private async afterReady<T>(work: () => Promise<T>): Promise<T> {
    await this.ready();
    return work();
  }
}
