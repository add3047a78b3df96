import { defineRoute } from '../../api/route';
import { DashboardParamsSchema, DashboardQuerySchema, DashboardSchema } from '@mlportal/contract';

export const dashboardRoute = defineRoute({
  method: 'get',
  path: '/api/v1/dashboards/:kind',
  operationId: 'getDashboard',
  summary: 'A dashboard (analyst, product or business): panels of Vega-Lite v5 specs with their data inline',
  description: 'A panel with nothing to draw yet carries `empty`, saying why. The standalone page GET /dashboards/:kind renders this.',
  tag: 'monitoring',
  access: 'monitoring:read',
  params: DashboardParamsSchema,
  query: DashboardQuerySchema,
  response: { status: 200, schema: DashboardSchema, description: 'The dashboard' },
  errors: [404],
  async handler({ params, query, context }) {
    return context.services.monitoring.dashboards.build(params.kind, query);
  }
});

export const dashboardRoutes = [dashboardRoute];
