/**
 * The app's Prometheus metrics registry (prom-client): one per app, not prom-client's global one,
 * so several servers in one process (tests) never share or double-register a metric. Domains
 * register their metrics on it; monitoring serves it at /metrics.
 */
import { Registry } from 'prom-client';

export type MetricsRegistry = Registry;

export function createMetricsRegistry(): MetricsRegistry {
  return new Registry();
}
