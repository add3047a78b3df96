/**
 * The engine's Prometheus metrics, registered once per registry: several engines on one registry
 * (a restart in tests, two apps' worth of services) share the same collectors instead of
 * prom-client refusing a second registration.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { registeredOnce } from '../../platform/metrics';

export interface EngineMetrics {
  requests: Counter<'deployment' | 'model' | 'version' | 'role' | 'outcome'>;
  duration: Histogram<'deployment' | 'model' | 'version' | 'role'>;
  batchRows: Histogram<'model' | 'version'>;
}

const known = new WeakMap<Registry, EngineMetrics>();

export function engineMetrics(registry: Registry): EngineMetrics {
  const existing = known.get(registry);
  if (existing) return existing;
  const metrics: EngineMetrics = {
    requests: registeredOnce(
      registry,
      'mlportal_inference_requests_total',
      () =>
        new Counter({
          name: 'mlportal_inference_requests_total',
          help: 'Inference requests answered by deployments, by version, role and outcome ("ok" or the error code)',
          labelNames: ['deployment', 'model', 'version', 'role', 'outcome'],
          registers: [registry]
        })
    ),
    duration: registeredOnce(
      registry,
      'mlportal_inference_request_duration_seconds',
      () =>
        new Histogram({
          name: 'mlportal_inference_request_duration_seconds',
          help: 'Time from a request entering the inference pool to its answer (queueing and batching included)',
          labelNames: ['deployment', 'model', 'version', 'role'],
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry]
        })
    ),
    batchRows: registeredOnce(
      registry,
      'mlportal_inference_batch_rows',
      () =>
        new Histogram({
          name: 'mlportal_inference_batch_rows',
          help: 'Rows per inference request handed to the dynamic batcher (which may stack several into one run)',
          labelNames: ['model', 'version'],
          buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
          registers: [registry]
        })
    )
  };
  known.set(registry, metrics);
  return metrics;
}
