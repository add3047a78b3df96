import { defineRoute } from '../../api/route';
import type { AuthenticatedContext } from '../../api/route';
import { AppError } from '../../platform/errors';
import { DriftHistoryQuerySchema, DriftHistorySchema, DriftParamsSchema, DriftQuerySchema, DriftReportSchema } from '@mlportal/contract';
import type { DriftService } from './service';

class DriftUnavailableError extends AppError {
  constructor() {
    super(503, 'drift_unavailable', 'drift monitoring is not part of this server');
  }
}

function driftOf(context: AuthenticatedContext): DriftService {
  const drift = (context.services.monitoring as { drift?: DriftService }).drift;
  if (!drift) throw new DriftUnavailableError();
  return drift;
}

export const driftReportRoute = defineRoute({
  method: 'get',
  path: '/api/v1/monitoring/deployments/:name/drift',
  operationId: 'getDeploymentDrift',
  summary: "Data drift per feature: a window of the deployment's logged predictions against the version's training set",
  tag: 'monitoring',
  access: 'monitoring:read',
  params: DriftParamsSchema,
  query: DriftQuerySchema,
  response: { status: 200, schema: DriftReportSchema, description: 'Each feature with its method, score, PSI and histograms' },
  errors: [400, 404, 422],
  async handler({ params, query, context }) {
    return driftOf(context).report(params.name, query);
  }
});

export const driftHistoryRoute = defineRoute({
  method: 'get',
  path: '/api/v1/monitoring/deployments/:name/drift/history',
  operationId: 'getDeploymentDriftHistory',
  summary: 'Drift per feature over time, one window per step',
  tag: 'monitoring',
  access: 'monitoring:read',
  params: DriftParamsSchema,
  query: DriftHistoryQuerySchema,
  response: {
    status: 200,
    schema: DriftHistorySchema,
    description: 'Steps with rows, oldest first; steps without predictions are left out'
  },
  errors: [400, 404, 422],
  async handler({ params, query, context }) {
    return driftOf(context).history(params.name, query);
  }
});

export const driftRoutes = [driftReportRoute, driftHistoryRoute];
