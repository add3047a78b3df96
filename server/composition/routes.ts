import { authRoutes } from '../auth/routes';
import { featureRoutes } from '../features/routes';
import { healthRoute } from '../health/routes';
import { jobRoutes } from '../jobs/routes';
import { alertRoutes } from '../monitoring/alerts/routes';
import { monitoringConfigRoutes } from '../monitoring/config/routes';
import { dashboardRoutes } from '../monitoring/dashboards/routes';
import { decayRoutes } from '../monitoring/decay/routes';
import { driftRoutes } from '../monitoring/drift/routes';
import { metricsRoute } from '../monitoring/metrics/routes';
import { skewRoutes } from '../monitoring/skew/routes';
import { registryRoutes } from '../registry/routes';
import { servingRoutes } from '../serving/routes';
import { trackingRoutes } from '../tracking/routes';
import { batchScoringRoutes } from '../serving/batch/routes';
import { kubernetesRoutes } from '../serving/kubernetes/routes';
import type { Route } from '../api/route';

/** Every route the API serves; the app and the OpenAPI document are both built from this list. Domains add theirs here. */
export const allRoutes: readonly Route[] = [
  healthRoute,
  ...authRoutes,
  ...featureRoutes,
  ...registryRoutes,
  ...trackingRoutes,
  ...jobRoutes,
  metricsRoute,
  ...alertRoutes,
  ...driftRoutes,
  ...skewRoutes,
  ...monitoringConfigRoutes,
  ...decayRoutes,
  ...dashboardRoutes,
  ...servingRoutes,
  ...batchScoringRoutes,
  ...kubernetesRoutes
];
