/**
 * Serving's story, as routes, the v2 protocol, the SDK and monitoring call it: deployments (with
 * gate, rollout and rollback), the engine that routes requests over the inference pool, the JSON
 * predict form, feature-enriched prediction and the prediction log.
 */
import { buffer } from 'node:stream/consumers';
import { parsePart } from '../api/validation';
import type { Services } from '../api/services';
import type { Config } from '../config';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import { onceRetryingFailure } from '../platform/once';
import type { DocumentStore } from '../platform/store/port';
import { DeploymentCatalog, type Caller, type DeleteHook } from './deployments/catalog';
import { GateKeeper } from './deployments/gate-keeper';
import { Rollouts } from './deployments/rollouts';
import type {
  CreateDeploymentRequest,
  Deployment,
  DeploymentEvent,
  DeploymentStats,
  DeploymentWithStats,
  DryRunResult,
  GateCheckRequest,
  GateResult,
  RolloutRequest,
  UpdateDeploymentRequest
} from './deployments/schemas';
import { DeploymentStore } from './deployments/store';
import { FeatureEnricher } from './enrich/enricher';
import { ServingEngine, type EntityKeys, type InferRequest } from './engine';
import { feedsFromInstances, predictAnswer } from './predictions/json-form';
import { PredictionLog, type PredictionLogOptions } from './predictions/log';
import { PredictRequestSchema, type PredictResponse } from './predictions/schemas';
import { InferencePool } from './runtime/pool';

export interface ServingDependencies {
  config: Config;
  store: DocumentStore;
  logger: Logger;
  metrics: MetricsRegistry;
  /** The other domains' services (registry, features), read lazily: they are built beside this one. */
  services: () => Services;
  /** The traffic split's draw; tests pass a seeded one. */
  random?: () => number;
  now?: () => Date;
  predictionLog?: PredictionLogOptions;
}

export class ServingService {
  readonly engine: ServingEngine;
  readonly predictions: PredictionLog;
  private readonly catalog: DeploymentCatalog;
  private readonly rollouts: Rollouts;
  private readonly enricher: FeatureEnricher;
  private readonly store: DeploymentStore;
  private readonly preparation = onceRetryingFailure(async () => {
    await this.store.prepare();
    await this.predictions.prepare();
  });

  constructor(deps: ServingDependencies) {
    const now = deps.now ?? (() => new Date());
    const registry = () => deps.services().registry;
    this.predictions = new PredictionLog(deps.store, deps.logger, deps.predictionLog);
    this.engine = new ServingEngine({
      pool: () => InferencePool.start({ workers: deps.config.servingWorkers, intraOpThreads: deps.config.servingThreads }),
      modelBytes: async (ref) => new Uint8Array(await buffer((await registry().versions.artifact(ref.model, ref.version)).stream)),
      metrics: deps.metrics,
      onServed: (served) => this.predictions.record(served),
      logger: deps.logger,
      random: deps.random
    });
    this.store = new DeploymentStore(deps.store, now);
    const gates = new GateKeeper(registry, now);
    this.catalog = new DeploymentCatalog(this.store, registry, this.engine, gates, deps.logger);
    this.rollouts = new Rollouts(this.catalog);
    this.enricher = new FeatureEnricher({
      registry,
      features: () => deps.services().features,
      featureNames: (ref) => this.engine.featureNames(ref)
    });
  }

  readonly deployments = {
    list: (): Promise<DeploymentWithStats[]> => this.afterReady(() => this.catalog.list()),
    get: (name: string): Promise<DeploymentWithStats> => this.afterReady(() => this.catalog.get(name)),
    stats: (name: string): Promise<DeploymentStats> => this.afterReady(() => this.catalog.stats(name)),
    /** A DryRunResult when request.dryRun, else the stored Deployment. */
    create: (request: CreateDeploymentRequest, caller: Caller): Promise<Deployment | DryRunResult> => this.afterReady(() => this.catalog.create(request, caller)),
    update: (name: string, request: UpdateDeploymentRequest, caller: Caller): Promise<Deployment> => this.afterReady(() => this.catalog.update(name, request, caller)),
    rollout: (name: string, request: RolloutRequest, caller: Caller): Promise<Deployment | DryRunResult> => this.afterReady(() => this.rollouts.rollout(name, request, caller)),
    rollback: (name: string, revision: number, caller: Caller): Promise<Deployment> => this.afterReady(() => this.rollouts.rollback(name, revision, caller)),
    delete: (name: string, revision: number, caller: Caller): Promise<void> => this.afterReady(() => this.catalog.delete(name, revision, caller)),
    /** Newest first. */
    events: async (name: string): Promise<DeploymentEvent[]> => this.afterReady(async () => (await this.catalog.require(name), this.store.history(name))),
    gate: (request: GateCheckRequest): Promise<GateResult> => this.afterReady(() => this.catalog.gates.evaluate(request, request)),
    /** Records an event the deployment service does not make itself (the Kubernetes part's 'applied'). */
    record: (name: string, event: { type: 'applied'; by: string; note?: string }): Promise<void> =>
      this.afterReady(async () => {
        const doc = await this.catalog.require(name);
        await this.store.append({ deployment: name, incarnation: doc.incarnation, ...event });
      }),
    /** Runs before each delete (the Kubernetes part removes the objects it applied). */
    onDelete: (hook: DeleteHook): void => this.catalog.onDelete(hook),
    /** Serving-only replicas: applies the named stored deployments whatever their target. */
    serve: (names: string[]): Promise<void> => this.afterReady(() => this.catalog.applyStored((doc) => names.includes(doc.name)))
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

  /** Before the first request: indexes, then the stored local deployments are applied again (after a restart). */
  async prepare(): Promise<void> {
    await this.preparation();
    await this.catalog.applyStored();
  }

  /** At shutdown, before the store closes: queued predictions are written, then the engine and its pool stop. */
  async close(): Promise<void> {
    await this.engine.close();
    await this.predictions.close();
  }

  private async afterReady<T>(work: () => Promise<T>): Promise<T> {
    await this.preparation();
    return work();
  }
}
