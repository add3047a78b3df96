/**
 * The Express app, assembled from injected dependencies; it never listens itself (main.ts does),
 * so tests build one around a temporary store and start it where they like.
 */
import express, { type Express } from 'express';
import { cors } from './api/cors';
import { errorHandler, unknownRoute } from './api/errors';
import { jsonBodyParser, routerFor } from './api/mount';
import { requestId } from './api/request-id';
import { requestLog } from './api/request-log';
import type { Route } from './api/route';
import { allRoutes } from './api/routes';
import type { Services } from './api/services';
import { ownerPortOf } from './auth/owners';
import { TokenService } from './auth/token-service';
import type { Config } from './config';
import type { Engine } from './features/engine';
import { FeatureService } from './features/service';
import { createJobService, type JobExecutors } from './jobs/create';
import { mlflowRouter } from './mlflow/router';
import { inferenceProtocolRouter } from './serving/protocol/v2-router';
import type { ArtifactStore } from './platform/artifacts/port';
import type { Logger } from './platform/logging';
import { createMetricsRegistry } from './platform/metrics';
import { OutboundClient } from './platform/outbound';
import { MonitoringService } from './monitoring/service';
import { dashboardPagesRouter } from './monitoring/dashboards/pages/router';
import { httpRequestMetrics } from './monitoring/metrics/http-metrics';
import type { DocumentStore } from './platform/store/port';
import { lineageSourcesFrom } from './registry/lineage/sources';
import { RegistryService } from './registry/service';
import { removeKubernetesObjectsOnDelete } from './serving/kubernetes/cleanup';
import { isServingReplica, prepareReplica, replicaRoutes } from './serving/replica/replica';
import { ServingService } from './serving/service';
import { TrackingService } from './tracking/service';

export interface AppDependencies {
  config: Config;
  store: DocumentStore;
  artifacts: ArtifactStore;
  logger: Logger;
  /** This start's id, from the data-dir lock the caller holds (platform/data-dir): temp files carry it. */
  startId: string;
  /** The feature store's DuckDB engine (main.ts opens it, and closes it after the server). */
  featureEngine: Engine;
  /** Feature-store limits a test wants smaller than the defaults. */
  featureLimits?: { maxColumnarCells?: number };
  /** The routes to serve; all of them unless a test serves its own. */
  routes?: readonly Route[];
  /** Check every answer against its schema, also those of routes declared check: 'in-tests' (the test server does). */
  checkAllResponses?: boolean;
  /** Job executors beside the local one (Kubernetes), or in its place (a test's). */
  jobExecutors?: JobExecutors;
  /** The serving traffic split's draw (a test's seeded one); Math.random otherwise. */
  servingRandom?: () => number;
}

export function createServices({ config, store, artifacts, logger, startId, featureEngine, featureLimits, jobExecutors, servingRandom }: AppDependencies): Services {
  const metrics = createMetricsRegistry();
  const tokens = new TokenService(store, logger);
  // Every server-side call to a user-given URL goes through this one client.
  const outbound = new OutboundClient({ allow: config.outboundAllow });
  const services: Services = {
    config,
    store,
    artifacts,
    logger,
    tokens,
    features: new FeatureService({
      store,
      artifacts,
      engine: featureEngine,
      dataDir: config.dataDir,
      startId,
      logger,
      maxUploadBytes: config.maxUploadBytes,
      ...featureLimits
    }),
    registry: new RegistryService({ store, artifacts, logger, dataDir: config.dataDir, startId, modelMaxBytes: config.modelMaxBytes, sources: lineageSourcesFrom(() => services) }),
    tracking: new TrackingService({ store, artifacts, maxArtifactBytes: config.maxUploadBytes }),
    jobs: createJobService({ config, store, logger, services: () => services, executors: jobExecutors }),
    metrics,
    monitoring: new MonitoringService({ config, store, logger, metrics, services: () => services, outbound, owners: ownerPortOf(tokens) }),
    serving: new ServingService({ config, store, logger, metrics, services: () => services, random: servingRandom })
  };
  services.features.discovery.setModelUsageSource(services.registry.modelUsageSource());
  removeKubernetesObjectsOnDelete(services);
  return services;
}

/**
 * Services that must finish work before the first request: the feature store removes what an
 * interrupted run left behind and completes committed ingestions (see features/recovery.ts); jobs
 * that were running are re-attached or marked failed (jobs/service.ts). A serving replica only loads its
 * deployments (serving/replica/replica.ts).
 */
export async function prepareServices(services: Services): Promise<void> {
  if (isServingReplica(services.config)) return prepareReplica(services);
  await services.features.recover();
  await services.jobs.recover();
  await services.serving.prepare();
  await services.monitoring.prepare();
}

/** Once the server listens on `url`: jobs start (they call back on it). */
export function servicesListening(services: Services, url: string): void {
  if (isServingReplica(services.config)) return;
  services.jobs.listening(url);
}

/** At shutdown, after the server stopped taking requests and before the store closes. */
export async function closeServices(services: Services): Promise<void> {
  // First: its last predictions reach monitoring's listeners before monitoring closes.
  await services.serving.close();
  await services.monitoring.close();
  await services.jobs.close();
}

/** `services` defaults to new ones; pass those you prepared (main.ts, the test server). */
export function createApp(dependencies: AppDependencies, services: Services = createServices(dependencies)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId(dependencies.logger));
  app.use(requestLog());
  app.use(httpRequestMetrics(services.metrics));
  app.use(cors(dependencies.config.corsOrigins));
  const replica = isServingReplica(dependencies.config);
  const routes = dependencies.routes ?? (replica ? replicaRoutes(allRoutes) : allRoutes);
  // Before the JSON parser: MLflow's artifact uploads are streamed whatever their Content-Type (server/mlflow/router.ts).
  if (!replica) app.use(mlflowRouter(services, dependencies.config.maxBodyBytes));
  // Also before it: v2 infer bodies are read raw (JSON or JSON + binary tensors), errors in the protocol's {"error"} form.
  app.use(inferenceProtocolRouter(services));
  if (!replica) app.use(dashboardPagesRouter());
  app.use(jsonBodyParser(routes, dependencies.config));
  app.use(routerFor(routes, services, { checkAllResponses: dependencies.checkAllResponses }));
  app.use(unknownRoute());
  app.use(errorHandler());
  return app;
}
