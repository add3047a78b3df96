/**
 * Monitoring's story: service metrics, drift, training–serving skew, model decay from late labels,
 * alerts and dashboards. Each part is built here once per app; parts that watch predictions
 * subscribe to serving's prediction log (services.serving.predictions.onLogged), never to its store.
 */
import type { Services } from '../api/services';
import type { Config } from '../config';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import type { DocumentStore } from '../platform/store/port';

export interface MonitoringDependencies {
  config: Config;
  store: DocumentStore;
  logger: Logger;
  metrics: MetricsRegistry;
  /** The other domains' services (serving, registry, features, jobs), read lazily: they are built beside this one. */
  services: () => Services;
  now?: () => Date;
}

export class MonitoringService {
  constructor(private readonly deps: MonitoringDependencies) {}

  /** Before the first request: subscriptions, timers, store indexes. */
  async prepare(): Promise<void> {}

  /** At shutdown, before the store closes: timers stopped, pending sketches written. */
  async close(): Promise<void> {}
}
