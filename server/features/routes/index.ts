import type { Route } from '../../api/route';
import { catalogRoutes } from './catalog-routes';
import { discoveryRoutes } from './discovery-routes';
import { ingestionRoutes } from './ingestion-routes';
import { onlineRoutes } from './online-routes';
import { trainingSetRoutes } from './training-set-routes';

/** Every feature-store endpoint, under /api/v1/features. */
export const featureRoutes: readonly Route[] = [
  ...catalogRoutes,
  ...ingestionRoutes,
  ...onlineRoutes,
  ...trainingSetRoutes,
  ...discoveryRoutes
];
