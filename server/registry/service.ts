/**
 * The model registry's story, as the routes and the MLflow layer call it: models, ONNX artifacts,
 * versions, stages, aliases, history, comparison and lineage. A method that records who acted takes
 * the acting user's name; a stage transition, whose permission depends on the move, takes the
 * Principal. Prepared (indexes, the upload folder) before the first request.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import type { Principal } from '../platform/principal';
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
} from '@mlportal/contract';
import { StageTransitions } from './stages';
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

  /** At start, before the first request (composition/lifecycle.ts): indexes and the upload folder. */
  async prepare(): Promise<void> {
    await this.registry.prepare();
    await this.modelArtifacts.prepare();
  }

  readonly models = {
    create: (request: CreateModelRequest, actor: string): Promise<RegisteredModel> => this.modelCatalog.create(request, actor),
    get: (name: string): Promise<RegisteredModel> => this.modelCatalog.get(name),
    list: (query: ListModelsQuery = {}): Promise<ModelList> => this.modelCatalog.list(query),
    update: (name: string, request: UpdateModelRequest, actor: string): Promise<RegisteredModel> =>
      this.modelCatalog.update(name, request, actor),
    delete: (name: string, expectedRevision: number, actor: string): Promise<void> =>
      this.modelCatalog.delete(name, expectedRevision, actor)
  };

  readonly artifacts = {
    /** A streamed ONNX upload → validated and stored (413 past the limit, 422 when refused; nothing kept either way). */
    upload: (body: Readable, actor: string): Promise<ModelArtifact> => this.modelArtifacts.upload(body, actor),
    /** Validates a file already in the artifact store (e.g. a run artifact) so versions can reference it. */
    registerExisting: (sha256: string, actor: string): Promise<ModelArtifact> => this.modelArtifacts.registerExisting(sha256, actor),
    get: (sha256: string): Promise<ModelArtifact> => this.modelArtifacts.get(sha256)
  };

  readonly versions = {
    create: (name: string, request: CreateVersionRequest, actor: string): Promise<ModelVersion> =>
      this.versionCatalog.create(name, request, actor),
    get: (name: string, version: number): Promise<ModelVersion> => this.versionCatalog.get(name, version),
    /** Newest first. */
    list: (name: string): Promise<ModelVersion[]> => this.versionCatalog.list(name),
    update: (name: string, version: number, request: UpdateVersionRequest, actor: string): Promise<ModelVersion> =>
      this.versionCatalog.update(name, version, request, actor),
    delete: (name: string, version: number, expectedRevision: number, actor: string): Promise<void> =>
      this.versionCatalog.delete(name, version, expectedRevision, actor),
    /** 403 when the caller lacks the permission the move needs (production moves need models:promote-production). */
    transition: (name: string, version: number, request: TransitionRequest, caller: Principal): Promise<ModelVersion> =>
      this.stages.transition(name, version, request, caller),
    /** The version's ONNX file. */
    artifact: async (name: string, version: number): Promise<ArtifactDownload> => {
      const found = await this.versions.get(name, version);
      return {
        stream: await this.modelArtifacts.open(found.artifact.sha256),
        size: found.artifact.size,
        fileName: `${found.model}-v${found.version}.onnx`
      };
    }
  };

  readonly aliases = {
    set: (name: string, alias: string, request: SetAliasRequest, actor: string): Promise<RegisteredModel> =>
      this.aliasBook.set(name, alias, request, actor),
    get: (name: string, alias: string): Promise<ModelVersion> => this.aliasBook.get(name, alias),
    delete: (name: string, alias: string, expectedRevision: number, actor: string): Promise<RegisteredModel> =>
      this.aliasBook.delete(name, alias, expectedRevision, actor)
  };

  /** Newest first. */
  async history(name: string): Promise<StageEvent[]> {
    const model = await this.modelCatalog.require(name);
    return this.registry.events.history(model._id);
  }

  /** 2 to 5 versions, in the order asked. */
  async compare(name: string, versions: number[]): Promise<Comparison> {
    const found: ModelVersion[] = [];
    for (const version of versions) found.push(await this.versionCatalog.get(name, version));
    return compareVersions(found);
  }

  async lineage(name: string, version: number): Promise<VersionLineage> {
    return versionLineage(await this.versionCatalog.get(name, version), this.deps.sources);
  }

  async modelsUsingFeature(group: string, feature: string): Promise<FeatureModels> {
    return modelsUsingFeature(this.registry, this.deps.sources, group, feature);
  }

  /** Versions (of models that exist) trained on any of these training sets, newest first: Feature Discovery's usage lists. */
  async modelsTrainedOn(trainingSetIds: string[]): Promise<Array<{ model: string; version: number; trainingSetId: string }>> {
    const versions = await versionsTrainedOn(this.registry, trainingSetIds);
    return versions.map((v) => ({ model: v.model, version: v.version, trainingSetId: v.trainingSetId! }));
  }
}
