import { Readable } from 'node:stream';
import { defineRoute, FileReply } from '../../api/route';
import { EXPOSITION_CONTENT_TYPE, exposition } from './exposition';

export const metricsRoute = defineRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  summary: 'Service metrics in the Prometheus text format 0.0.4',
  description:
    'HTTP requests (mlportal_http_requests_total, mlportal_http_request_duration_seconds by method, route pattern and status), ' +
    'inference requests per deployment and version, jobs by state (mlportal_jobs), queue lengths and GPUs in use, alerts firing, ' +
    'and process metrics (mlportal_process_*, mlportal_nodejs_*). Scrape with a Bearer token holding monitoring:read.',
  tag: 'monitoring',
  access: 'monitoring:read',
  response: { status: 200, mediaTypes: [EXPOSITION_CONTENT_TYPE], description: 'The metrics, as Prometheus scrapes them' },
  async handler({ context }) {
    const text = await exposition(context.services.metrics);
    return new FileReply(Readable.from([text]), EXPOSITION_CONTENT_TYPE, { bytes: Buffer.byteLength(text) });
  }
});
