/**
 * Serving's story, as routes, the v2 protocol, the SDK and monitoring call it: deployments (with
 * gate, rollout and rollback), the engine that routes requests over the inference pool, the JSON
 * predict form, feature-enriched prediction, the prediction log, batch scoring and the Kubernetes
 * scale-out.
 */
import { parsePart } from '../api/validation';
import type { Config } from '../config';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import type { Principal } from '../platform/principal';
import type { DocumentStore } from '../platform/store/port';
import { BatchScoring } from './batch/service';
import { DeploymentCatalog } from './deployments/catalog';
import { GateKeeper } from './deployments/gate-keeper';
import { Rollouts } from './deployments/rollouts';
import {
  type CreateDeploymentRequest,
  type Deployment,
  type DeploymentEvent,
  type DeploymentStats,
  type DeploymentWithStats,
  type DryRunResult,
  type GateCheckRequest,
  type GateResult,
  PredictRequestSchema,
  type PredictResponse,
  type RolloutRequest,
  type UpdateDeploymentRequest
} from '@mlportal/contract';
import { DeploymentStore } from './deployments/store';
import { FeatureEnricher } from './enrich/enricher';
import { ServingEngine, type EntityKeys, type InferRequest } from './engine';
import { ClusterAccess } from './kubernetes/access';
import { removeKubernetesObjects } from './kubernetes/cleanup';
import type { ServingNeighbours } from './neighbours';
import { feedsFromInstances, predictAnswer } from './predictions/json-form';
import { PredictionLog, type PredictionLogOptions } from './predictions/log';
import { InferencePool } from './runtime/pool';

export interface ServingDependencies {
  config: Config;
  store: DocumentStore;
  /** Batch scoring keeps uploaded input files here. */
  artifacts: ArtifactStore;
  logger: Logger;
  metrics: MetricsRegistry;
  /** What serving asks of the registry, the feature store and jobs. */
  neighbours: ServingNeighbours;
  /** The traffic split's draw; tests pass a seeded one. */
  random?: () => number;
  now?: () => Date;
  predictionLog?: PredictionLogOptions;
}

export class ServingService {
  readonly engine: ServingEngine;
  readonly predictions: PredictionLog;
  readonly batch: BatchScoring;
  readonly cluster: ClusterAccess;
  private readonly catalog: DeploymentCatalog;
  private readonly rollouts: Rollouts;
  private readonly enricher: FeatureEnricher;
  private readonly store: DeploymentStore;

  constructor(deps: ServingDependencies) {
    const now = deps.now ?? (() => new Date());
    const { neighbours } = deps;
    this.predictions = new PredictionLog(deps.store, deps.logger, deps.predictionLog);
    this.engine = new ServingEngine({
      pool: () => InferencePool.start({ workers: deps.config.servingWorkers, intraOpThreads: deps.config.servingThreads }),
      modelBytes: (ref) => neighbours.modelBytes(ref.model, ref.version),
      metrics: deps.metrics,
      onServed: (served) => this.predictions.record(served),
      logger: deps.logger,
      random: deps.random
    });
    this.store = new DeploymentStore(deps.store, now);
    const gates = new GateKeeper(neighbours, now);
    this.catalog = new DeploymentCatalog(this.store, neighbours, this.engine, gates, deps.logger);
    this.rollouts = new Rollouts(this.catalog);
    this.enricher = new FeatureEnricher({ neighbours, featureNames: (ref) => this.engine.featureNames(ref) });
    this.batch = new BatchScoring({ store: deps.store, artifacts: deps.artifacts, config: deps.config, neighbours });
    this.cluster = new ClusterAccess(deps.config);
    this.catalog.onDelete(removeKubernetesObjects(this.cluster, deps.logger));
  }

  readonly deployments = {
    list: (): Promise<DeploymentWithStats[]> => this.catalog.list(),
    get: (name: string): Promise<DeploymentWithStats> => this.catalog.get(name),
    stats: (name: string): Promise<DeploymentStats> => this.catalog.stats(name),
    /** A DryRunResult when request.dryRun, else the stored Deployment. */
    create: (request: CreateDeploymentRequest, caller: Principal): Promise<Deployment | DryRunResult> =>
      this.catalog.create(request, caller),
    update: (name: string, request: UpdateDeploymentRequest, caller: Principal): Promise<Deployment> =>
      this.catalog.update(name, request, caller),
    rollout: (name: string, request: RolloutRequest, caller: Principal): Promise<Deployment | DryRunResult> =>
      this.rollouts.rollout(name, request, caller),
    rollback: (name: string, revision: number, caller: Principal): Promise<Deployment> => this.rollouts.rollback(name, revision, caller),
    delete: (name: string, revision: number, caller: Principal): Promise<void> => this.catalog.delete(name, revision, caller),
    /** Newest first. */
    events: async (name: string): Promise<DeploymentEvent[]> => (await this.catalog.require(name), this.store.history(name)),
    gate: (request: GateCheckRequest): Promise<GateResult> => this.catalog.gates.evaluate(request, request),
    /** Records an event the deployment service does not make itself (the Kubernetes part's 'applied'). */
    record: async (name: string, event: { type: 'applied'; by: string; note?: string }): Promise<void> => {
      const doc = await this.catalog.require(name);
      await this.store.append({ deployment: name, incarnation: doc.incarnation, ...event });
    },
    /** Serving-only replicas: applies the named stored deployments whatever their target. */
    serve: (names: string[]): Promise<void> => this.catalog.applyStored((doc) => names.includes(doc.name))
  };

  /** The JSON form: {instances} or {entities}, optionally {version}; `body` is validated here (the v1 route passes it raw). */
  async predict(name: string, body: unknown, actor: string): Promise<PredictResponse> {
    void actor;
    const request = parsePart(PredictRequestSchema, 'body', body);
    const infer: InferRequest = { ...(request.version !== undefined ? { version: request.version } : {}) };
    if (request.instances) {
      const instances = request.instances;
      infer.resolveFeeds = async (_ref, signature) => feedsFromInstances(instances, signature);
    } else {
      const entities = request.entities!;
      infer.entityKeys = entities;
      infer.resolveFeeds = this.entityFeeds(entities);
    }
    return predictAnswer(await this.engine.infer(name, infer));
  }

  /**
   * Feature-enriched prediction for other protocols (v2's "entity_keys" input): the engine's
   * resolveFeeds for these entity keys, giving the drawn version its features from the online
   * store in its column order (400 for a missing value or a version without feature lineage).
   */
  entityFeeds(entities: EntityKeys): NonNullable<InferRequest['resolveFeeds']> {
    return (ref, signature) => this.enricher.feeds(ref, signature, entities);
  }

  /** At start, in every mode: the deployments' and the prediction log's indexes. */
  async prepare(): Promise<void> {
    await this.store.prepare();
    await this.predictions.prepare();
  }

  /** Then, on the full backend: batch scoring's upload folder emptied, and the stored local deployments applied again (after a restart). */
  async resume(): Promise<void> {
    await this.batch.inputs.prepare();
    await this.catalog.applyStored();
  }

  /** At shutdown, before the store closes: queued predictions are written, then the engine and its pool stop. */
  async close(): Promise<void> {
    await this.engine.close();
    await this.predictions.close();
  }
}
