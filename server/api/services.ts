import type { TokenService } from '../auth/token-service';
import type { Config } from '../config';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import type { MonitoringService } from '../monitoring/service';
import type { FeatureService } from '../features/service';
import type { JobService } from '../jobs/service';
import type { DocumentStore } from '../platform/store/port';
import type { RegistryService } from '../registry/service';
import type { ServingService } from '../serving/service';
import type { TrackingService } from '../tracking/service';

/**
 * What route handlers may call: the app's ports and domain services, built once by createApp.
 * Each domain adds its service here.
 */
export interface Services {
  config: Config;
  store: DocumentStore;
  artifacts: ArtifactStore;
  tokens: TokenService;
  logger: Logger;
  features: FeatureService;
  registry: RegistryService;
  tracking: TrackingService;
  jobs: JobService;
  /** Prometheus metrics every domain registers on; served at /metrics. */
  metrics: MetricsRegistry;
  monitoring: MonitoringService;
  serving: ServingService;
}
