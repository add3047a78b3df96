/**
 * The app's Prometheus metrics registry (prom-client): one per app, not prom-client's global one,
 * so several servers in one process (tests) never share or double-register a metric. Domains
 * register their metrics on it; monitoring serves it at /metrics.
 */
import { Registry, type Metric } from 'prom-client';

export type MetricsRegistry = Registry;

export function createMetricsRegistry(): MetricsRegistry {
  return new Registry();
}

/**
 * The metric named `name` on `registry`, created by `create` the first time: prom-client refuses
 * a second registration of a name, and the app's parts (and a second createApp over the same
 * services) may ask for the same metric more than once.
 */
export function registeredOnce<M extends Metric>(registry: MetricsRegistry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
