/**
 * Serving-only mode (MLPORTAL_MODE=serving): the server as a Kubernetes replica runs it for the deployments named in
 * MLPORTAL_SERVE_DEPLOYMENTS. It answers health, the Open Inference Protocol (/v2, mounted by the app), the JSON
 * predict route and /metrics, and nothing else; it starts no job runner, recovers no feature ingestion and runs no
 * monitoring, which the full backend does once for everyone sharing the store.
 */
import type { Route } from '../../api/route';
import type { Config } from '../../config';
import { NotFoundError } from '../../platform/errors';
import type { Logger } from '../../platform/logging';
import type { ServingService } from '../service';

/** The declared routes a replica keeps (the /v2 and KServe v1 protocol routes are the app's protocol router). */
const REPLICA_PATHS = new Set(['/api/v1/health', '/metrics', '/api/v1/deployments/:name/predict']);

export function isServingReplica(config: Pick<Config, 'mode'>): boolean {
  return config.mode === 'serving';
}

export function replicaRoutes(routes: readonly Route[]): Route[] {
  return routes.filter((route) => REPLICA_PATHS.has(route.path));
}

/** Before the first request: the named deployments are loaded, whatever their target; a name not in the store stops the start. */
export async function serveReplicaDeployments(serving: ServingService, names: string[], logger: Logger): Promise<void> {
  for (const name of names) {
    try {
      await serving.deployments.get(name);
    } catch (err) {
      if (err instanceof NotFoundError)
        throw new Error(`MLPORTAL_SERVE_DEPLOYMENTS names ${name}, which is not a deployment in the store`, { cause: err });
      throw err;
    }
  }
  await serving.deployments.serve(names);
  logger.info({ deployments: names }, `serving replica: serving ${names.join(', ')}`);
}
