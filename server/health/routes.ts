import { HealthSchema } from '@mlportal/contract';
import { defineRoute, Reply } from '../api/route';
import { serverVersion } from '../platform/version';

export const healthRoute = defineRoute({
  method: 'get',
  path: '/api/v1/health',
  operationId: 'getHealth',
  summary: 'Whether the backend and its store answer; needs no token',
  tag: 'health',
  access: 'public',
  response: { status: 200, schema: HealthSchema, description: 'The backend and its store are up' },
  otherResponses: [{ status: 503, schema: HealthSchema, description: 'The store does not answer' }],
  async handler({ context: { services, logger } }) {
    const health = { store: services.store.kind, version: serverVersion() };
    try {
      await services.store.ping();
      return { status: 'ok' as const, ...health };
    } catch (err) {
      logger.warn({ err }, 'health check: the store does not answer');
      return new Reply(503, { status: 'unavailable' as const, ...health });
    }
  }
});
