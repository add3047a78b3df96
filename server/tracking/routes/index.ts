import type { Route } from '../../api/route';
import { runArtifactRoutes } from './artifact-routes';
import { experimentRoutes } from './experiment-routes';
import { runRoutes } from './run-routes';

/** Every experiment-tracking endpoint, under /api/v1/experiments and /api/v1/runs. */
export const trackingRoutes: readonly Route[] = [...experimentRoutes, ...runRoutes, ...runArtifactRoutes];
