import type { Route } from '../../api/route';
import type { Permission } from '@mlportal/contract';
import { deploymentRoutes } from './deployment-routes';
import { predictionRoutes } from './prediction-routes';
import { trafficRoutes } from './traffic-routes';

/** Deployments, traffic changes, the JSON predict form and the prediction log, under /api/v1. */
export const servingRoutes: readonly Route[] = [...deploymentRoutes, ...trafficRoutes, ...predictionRoutes];

/** Checked in handlers because they depend on the body: a gate override needs deployments:override-gate. */
export const servingPermissionsCheckedInHandlers: readonly Permission[] = ['deployments:override-gate'];
