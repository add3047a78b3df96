/**
 * The app's services, built once in the order their neighbours need (tokens, features, tracking,
 * registry, jobs, serving, monitoring), each given only the narrow port it asks of the others
 * (ports/), never the whole bag.
 */
import type { Route } from '../api/route';
import { TokenService } from '../auth/token-service';
import type { Config } from '../config';
import type { Engine } from '../features/engine';
import { FeatureService } from '../features/service';
import { createJobService, type JobExecutors } from '../jobs/create';
import { MonitoringService } from '../monitoring/service';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import { createMetricsRegistry } from '../platform/metrics';
import { OutboundClient } from '../platform/outbound';
import type { DocumentStore } from '../platform/store/port';
import { RegistryService } from '../registry/service';
import { ServingService } from '../serving/service';
import { TrackingService } from '../tracking/service';
import { modelUsageSourceOf } from './ports/features';
import { jobNeighboursOf } from './ports/jobs';
import { monitoringNeighboursOf } from './ports/monitoring';
import { ownerPortOf } from './ports/owners';
import { lineageSourcesOf } from './ports/registry';
import { servingNeighboursOf } from './ports/serving';
import type { Services } from './services';

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

export function createServices({
  config,
  store,
  artifacts,
  logger,
  startId,
  featureEngine,
  featureLimits,
  jobExecutors,
  servingRandom
}: AppDependencies): Services {
  const metrics = createMetricsRegistry();
  const tokens = new TokenService(store, logger);
  // Every server-side call to a user-given URL goes through this one client.
  const outbound = new OutboundClient({ allow: config.outboundAllow });
  const features = new FeatureService({
    store,
    artifacts,
    engine: featureEngine,
    dataDir: config.dataDir,
    startId,
    logger,
    maxUploadBytes: config.maxUploadBytes,
    ...featureLimits
  });
  const tracking = new TrackingService({ store, artifacts, maxArtifactBytes: config.maxUploadBytes });
  const registry = new RegistryService({
    store,
    artifacts,
    logger,
    dataDir: config.dataDir,
    startId,
    modelMaxBytes: config.modelMaxBytes,
    sources: lineageSourcesOf({ tracking, features })
  });
  // The feature store is built before the registry (whose lineage reads it), so it is given the registry's port after.
  features.discovery.setModelUsageSource(modelUsageSourceOf(registry));
  const jobs = createJobService({
    config,
    store,
    logger,
    neighbours: jobNeighboursOf({ tracking, tokens, features, registry }),
    executors: jobExecutors
  });
  const serving = new ServingService({
    config,
    store,
    artifacts,
    logger,
    metrics,
    neighbours: servingNeighboursOf({ registry, features, jobs }),
    random: servingRandom
  });
  const monitoring = new MonitoringService({
    config,
    store,
    logger,
    metrics,
    neighbours: monitoringNeighboursOf({ serving, registry, features, jobs }),
    outbound,
    owners: ownerPortOf(tokens)
  });
  return { config, store, artifacts, logger, tokens, features, registry, tracking, jobs, metrics, monitoring, serving };
}
