/**
 * Process metrics (CPU, memory, event-loop lag, GC, handles), prefixed mlportal_. They describe the
 * process, not an app, and prom-client's collectors start an event-loop monitor and a GC observer
 * that are never stopped: collected once per process into a registry of their own, which every
 * app's /metrics appends, rather than once per app (tests run many apps in one process).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export const PROCESS_METRICS_PREFIX = 'mlportal_';

let processRegistry: Registry | undefined;

export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: PROCESS_METRICS_PREFIX });
  }
  return processRegistry;
}
