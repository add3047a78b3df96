import type { Route } from '../../api/route';
import type { Permission } from '@mlportal/contract';
import { aliasRoutes } from './alias-routes';
import { lineageRoutes } from './lineage-routes';
import { modelRoutes } from './model-routes';
import { versionRoutes } from './version-routes';

/** Every model-registry endpoint, under /api/v1/models (and /api/v1/lineage). */
export const registryRoutes: readonly Route[] = [...modelRoutes, ...versionRoutes, ...aliasRoutes, ...lineageRoutes];

/**
 * Permissions no route declares as its access because they depend on the body: a stage move needs
 * models:promote-production only when it goes into or out of production (checked in stages.ts).
 */
export const registryPermissionsCheckedInHandlers: readonly Permission[] = ['models:promote-production'];
