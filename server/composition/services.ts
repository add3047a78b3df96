import type { RouteServices } from '../api/route';
import type { TokenService } from '../auth/token-service';
import type { Config } from '../config';
import type { FeatureService } from '../features/service';
import type { JobService } from '../jobs/service';
import type { MonitoringService } from '../monitoring/service';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import type { DocumentStore } from '../platform/store/port';
import type { RegistryService } from '../registry/service';
import type { ServingService } from '../serving/service';
import type { TrackingService } from '../tracking/service';

declare module '../api/route' {
  /**
   * What route handlers may call: the app's ports and domain services, built once by createServices
   * (create-services.ts). The route kit declares this interface empty; it is filled in here, so the
   * kit knows no domain. Each domain adds its service here.
   */
  interface RouteServices {
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
}

/** The app's services: the route kit's RouteServices as filled in above. Domain services never receive it whole. */
export type Services = RouteServices;
