import { Reply, defineRoute } from '../../api/route';
import {
  CreateDeploymentRequestSchema,
  DeleteDeploymentQuerySchema,
  DeploymentEventListSchema,
  DeploymentListSchema,
  DeploymentParamsSchema,
  DeploymentSchema,
  DeploymentStatsSchema,
  DeploymentWithStatsSchema,
  DryRunResultSchema,
  GateCheckRequestSchema,
  GateResultSchema,
  UpdateDeploymentRequestSchema
} from '@mlportal/contract';

const tag = 'deployments';

export const listDeploymentsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/deployments',
  operationId: 'listDeployments',
  summary: 'Every deployment with its traffic split and live figures (last 60 s)',
  tag,
  access: 'deployments:read',
  response: { status: 200, schema: DeploymentListSchema, description: 'By name' },
  async handler({ context }) {
    return { deployments: await context.services.serving.deployments.list() };
  }
});

export const checkGateRoute = defineRoute({
  method: 'post',
  path: '/api/v1/deployments/gate',
  operationId: 'checkDeploymentGate',
  summary: "Run a version's gate without deploying: thresholds on its metrics and the comparison with production",
  tag,
  access: 'deployments:read',
  body: GateCheckRequestSchema,
  response: { status: 200, schema: GateResultSchema, description: 'Every check, passed or not' },
  errors: [404],
  async handler({ body, context }) {
    return context.services.serving.deployments.gate(body);
  }
});

export const createDeploymentRoute = defineRoute({
  method: 'post',
  path: '/api/v1/deployments',
  operationId: 'createDeployment',
  summary: 'Deploy a registered version behind an endpoint, after its gate',
  description:
    'The versions (champion, canary, shadow) are loaded for inference before the answer. A failed gate → 422 gate_failed with the checks, unless ' +
    '`override` (needs deployments:override-gate; the reason is recorded). dryRun → 200 with what would be stored, storing nothing.',
  tag,
  access: 'deployments:manage',
  body: CreateDeploymentRequestSchema,
  response: { status: 201, schema: DeploymentSchema, description: 'The deployment, ready' },
  otherResponses: [{ status: 200, schema: DryRunResultSchema, description: 'dryRun: what would be created; nothing was' }],
  errors: [404, 409, 422],
  async handler({ body, context }) {
    const result = await context.services.serving.deployments.create(body, context.principal);
    return 'changes' in result ? new Reply(200, result) : result;
  }
});

export const getDeploymentRoute = defineRoute({
  method: 'get',
  path: '/api/v1/deployments/:name',
  operationId: 'getDeployment',
  summary: 'One deployment with its live figures',
  tag,
  access: 'deployments:read',
  params: DeploymentParamsSchema,
  response: { status: 200, schema: DeploymentWithStatsSchema, description: 'The deployment' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.serving.deployments.get(params.name);
  }
});

export const deploymentStatsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/deployments/:name/stats',
  operationId: 'getDeploymentStats',
  summary: 'Requests, errors, rate and latency per version over the last 60 s',
  tag,
  access: 'deployments:read',
  params: DeploymentParamsSchema,
  response: { status: 200, schema: DeploymentStatsSchema, description: 'Per version' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.serving.deployments.stats(params.name);
  }
});

export const deploymentEventsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/deployments/:name/events',
  operationId: 'getDeploymentEvents',
  summary:
    'What happened to the deployment: created, updated, rollouts, rollbacks, with who, when, the traffic before and after, and the gate',
  tag,
  access: 'deployments:read',
  params: DeploymentParamsSchema,
  response: { status: 200, schema: DeploymentEventListSchema, description: 'Newest first' },
  errors: [404],
  async handler({ params, context }) {
    return { events: await context.services.serving.deployments.events(params.name) };
  }
});

export const updateDeploymentRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/deployments/:name',
  operationId: 'updateDeployment',
  summary: "Change a deployment's description, batching, replicas, shadow, KPI or target",
  tag,
  access: 'deployments:manage',
  params: DeploymentParamsSchema,
  body: UpdateDeploymentRequestSchema,
  response: { status: 200, schema: DeploymentSchema, description: 'The deployment as now stored' },
  errors: [404, 409, 422],
  async handler({ params, body, context }) {
    return context.services.serving.deployments.update(params.name, body, context.principal);
  }
});

export const deleteDeploymentRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/deployments/:name',
  operationId: 'deleteDeployment',
  summary: 'Stop serving and delete the deployment (versions no other deployment uses are unloaded)',
  tag,
  access: 'deployments:manage',
  params: DeploymentParamsSchema,
  query: DeleteDeploymentQuerySchema,
  response: { status: 204, description: 'Deleted' },
  errors: [404, 409],
  async handler({ params, query, context }) {
    await context.services.serving.deployments.delete(params.name, query.revision, context.principal);
  }
});

export const deploymentRoutes = [
  listDeploymentsRoute,
  checkGateRoute,
  createDeploymentRoute,
  getDeploymentRoute,
  deploymentStatsRoute,
  deploymentEventsRoute,
  updateDeploymentRoute,
  deleteDeploymentRoute
];
