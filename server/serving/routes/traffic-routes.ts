import { defineRoute } from '../../api/route';
import {
  DeploymentParamsSchema,
  DeploymentSchema,
  DryRunResultSchema,
  RollbackRequestSchema,
  RolloutRequestSchema
} from '@mlportal/contract';
import { z } from 'zod';

const tag = 'deployments';

export const rolloutRoute = defineRoute({
  method: 'post',
  path: '/api/v1/deployments/:name/rollout',
  operationId: 'rolloutDeployment',
  summary: 'Roll a version out: the canary beside the champion (percent < 100) or the only version (100), after its gate',
  description: 'Recorded as a rollout event with the traffic before and after. dryRun answers the changes and stores nothing.',
  tag,
  access: 'deployments:manage',
  params: DeploymentParamsSchema,
  body: RolloutRequestSchema,
  response: {
    status: 200,
    schema: z.union([DryRunResultSchema, DeploymentSchema]),
    description: 'The deployment with its new traffic; with dryRun, {deployment, changes, gate}'
  },
  errors: [404, 409, 422],
  async handler({ params, body, context }) {
    return context.services.serving.deployments.rollout(params.name, body, context.principal);
  }
});

export const rollbackRoute = defineRoute({
  method: 'post',
  path: '/api/v1/deployments/:name/rollback',
  operationId: 'rollbackDeployment',
  summary: 'Put traffic and shadow back to what they were before the last rollout not yet rolled back',
  description: '409 nothing_to_roll_back when no rollout is left to undo.',
  tag,
  access: 'deployments:manage',
  params: DeploymentParamsSchema,
  body: RollbackRequestSchema,
  response: { status: 200, schema: DeploymentSchema, description: 'The deployment with its earlier traffic' },
  errors: [404, 409, 422],
  async handler({ params, body, context }) {
    return context.services.serving.deployments.rollback(params.name, body.revision, context.principal);
  }
});

export const trafficRoutes = [rolloutRoute, rollbackRoute];
