/**
 * The services' life around the server's: prepared once before the first request (so nothing
 * waits for readiness afterwards), told the URL once it listens, closed at shutdown.
 */
import { isServingReplica, serveReplicaDeployments } from '../serving/replica/replica';
import type { Services } from './services';

/**
 * Before the first request, every service is ready: indexes, folders and defaults in place. The full
 * backend also recovers: the feature store removes what an interrupted run left behind and completes
 * committed ingestions (features/recovery.ts); jobs that were running are re-attached or marked failed
 * (jobs/service.ts); stored local deployments are applied again; monitoring subscribes and starts its
 * timers. A serving replica only loads its deployments (serving/replica/replica.ts).
 */
export async function prepareServices(services: Services): Promise<void> {
  const { config, tokens, features, registry, serving } = services;
  await tokens.prepare();
  await features.prepare();
  await registry.prepare();
  await serving.prepare();
  if (isServingReplica(config)) return serveReplicaDeployments(serving, config.serveDeployments, services.logger);
  await features.recover();
  await services.tracking.prepare();
  await services.jobs.prepare();
  await services.jobs.recover();
  await serving.resume();
  await services.monitoring.prepare();
}

/** Once the server listens on `url`: jobs start (they call back on it). */
export function servicesListening(services: Services, url: string): void {
  if (isServingReplica(services.config)) return;
  services.jobs.listening(url);
}

/** At shutdown, after the server stopped taking requests and before the store closes. */
export async function closeServices(services: Services): Promise<void> {
  // First: its last predictions reach monitoring's listeners before monitoring closes.
  await services.serving.close();
  await services.monitoring.close();
  await services.jobs.close();
}
