import { defineRoute } from '../../api/route';
import { SkewParamsSchema, SkewQuerySchema, SkewReportSchema } from '@mlportal/contract';

export const skewReportRoute = defineRoute({
  method: 'get',
  path: '/api/v1/monitoring/deployments/:name/skew',
  operationId: 'getDeploymentSkew',
  summary: "Training–serving skew: the feature values served from entity keys against the offline store's point-in-time values",
  tag: 'monitoring',
  access: 'monitoring:read',
  params: SkewParamsSchema,
  query: SkewQuerySchema,
  response: {
    status: 200,
    schema: SkewReportSchema,
    description: 'Per feature: values compared, mismatches, their share and the mean absolute difference'
  },
  errors: [400, 404, 422],
  async handler({ params, query, context }) {
    return context.services.monitoring.skew.report(params.name, query);
  }
});

export const skewRoutes = [skewReportRoute];
