import { defineRoute } from '../../api/route';
import { DeploymentParamsSchema, MonitoringConfigSchema, PutMonitoringConfigRequestSchema } from '@mlportal/contract';

const tag = 'monitoring';

export const getMonitoringConfigRoute = defineRoute({
  method: 'get',
  path: '/api/v1/monitoring/deployments/:name/config',
  operationId: 'getMonitoringConfig',
  summary: "A deployment's monitoring configuration (the defaults at revision 0 until one is stored)",
  tag,
  access: 'monitoring:read',
  params: DeploymentParamsSchema,
  response: { status: 200, schema: MonitoringConfigSchema, description: 'The configuration in force' },
  errors: [404, 503],
  async handler({ params, context }) {
    return context.services.monitoring.config.get(params.name);
  }
});

export const putMonitoringConfigRoute = defineRoute({
  method: 'put',
  path: '/api/v1/monitoring/deployments/:name/config',
  operationId: 'putMonitoringConfig',
  summary: "Replace a deployment's monitoring configuration",
  tag,
  access: 'monitoring:configure',
  params: DeploymentParamsSchema,
  body: PutMonitoringConfigRequestSchema,
  response: { status: 200, schema: MonitoringConfigSchema, description: 'The configuration as now stored' },
  errors: [404, 409, 503],
  async handler({ params, body, context }) {
    return context.services.monitoring.config.put(params.name, body, context.principal.name);
  }
});

export const monitoringConfigRoutes = [getMonitoringConfigRoute, putMonitoringConfigRoute];
