import { authRoutes } from '../auth/routes';
import { featureRoutes } from '../features/routes';
import { healthRoute } from '../health/routes';
import { jobRoutes } from '../jobs/routes';
import { registryRoutes } from '../registry/routes';
import { trackingRoutes } from '../tracking/routes';
import type { Route } from './route';

/** Every route the API serves; the app and the OpenAPI document are both built from this list. Domains add theirs here. */
export const allRoutes: readonly Route[] = [healthRoute, ...authRoutes, ...featureRoutes, ...registryRoutes, ...trackingRoutes, ...jobRoutes];
