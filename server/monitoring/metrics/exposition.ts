/** The Prometheus text exposition (format 0.0.4) of an app's metrics and the process's. */
import type { Registry } from 'prom-client';
import { processMetrics } from './process-metrics';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export async function exposition(appMetrics: Registry): Promise<string> {
  // Two registries with disjoint names: their expositions concatenate into one valid document.
  const [app, process] = await Promise.all([appMetrics.metrics(), processMetrics().metrics()]);
  return [app, process]
    .map((text) => text.trimEnd())
    .filter((text) => text !== '')
    .map((text) => `${text}\n`)
    .join('');
}
