/**
 * Request metrics for every answer the app gives: a counter and a duration histogram labelled by
 * method, the declared route pattern (never the raw path, whose ids would make a series per
 * document) and status. Written when the answer is finished, as the request log is.
 */
import type { RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { requestState } from '../../api/request-state';
import { registeredOnce } from '../../platform/metrics';

export const HTTP_REQUESTS_TOTAL = 'mlportal_http_requests_total';
export const HTTP_REQUEST_DURATION = 'mlportal_http_request_duration_seconds';
/** The route label of a request no declared route matched (unknown paths, probes of random URLs). */
export const UNMATCHED_ROUTE = 'unmatched';

const LABELS = ['method', 'route', 'status'] as const;
// From 1 ms (an online lookup) to 30 s (a large upload).
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Mounted after the request-id middleware (it reads the request's state) and before the routes. */
export function httpRequestMetrics(registry: Registry): RequestHandler {
  const requests = registeredOnce(
    registry,
    HTTP_REQUESTS_TOTAL,
    () =>
      new Counter({
        name: HTTP_REQUESTS_TOTAL,
        help: 'HTTP requests answered, by method, route pattern and status',
        labelNames: LABELS,
        registers: [registry]
      })
  );
  const durations = registeredOnce(
    registry,
    HTTP_REQUEST_DURATION,
    () =>
      new Histogram({
        name: HTTP_REQUEST_DURATION,
        help: 'Time from the request arriving to its answer finishing, by method, route pattern and status',
        labelNames: LABELS,
        buckets: DURATION_BUCKETS,
        registers: [registry]
      })
  );
  return (req, res, next) => {
    const state = requestState(res);
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const labels = { method: req.method, route: state.route ?? UNMATCHED_ROUTE, status: String(res.statusCode) };
      requests.inc(labels);
      durations.observe(labels, Number(process.hrtime.bigint() - state.startedAt) / 1e9);
    };
    res.on('finish', record);
    res.on('close', record);
    next();
  };
}
