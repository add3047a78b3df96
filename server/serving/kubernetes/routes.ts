import { defineRoute } from '../../api/route';
import { ConflictError } from '../../platform/errors';
import {
  DeploymentParamsSchema,
  KubernetesApplyRequestSchema,
  KubernetesApplyResultSchema,
  KubernetesObjectsSchema
} from '@mlportal/contract';

const tag = 'deployments';

/** Plain JSON: the client answers with its model classes (dates as Date). */
function plain(objects: unknown[]): Array<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(objects)) as Array<Record<string, unknown>>;
}

export const getKubernetesObjectsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/deployments/:name/kubernetes',
  operationId: 'getDeploymentKubernetesObjects',
  summary: 'The Kubernetes objects that scale the deployment out (what POST would apply)',
  tag,
  access: 'deployments:read',
  params: DeploymentParamsSchema,
  response: { status: 200, schema: KubernetesObjectsSchema, description: 'The Deployment, Service and HorizontalPodAutoscaler' },
  errors: [404],
  async handler({ params, context }) {
    const deployment = await context.services.serving.deployments.get(params.name);
    return { objects: plain(context.services.serving.cluster.scaleOut().objects(deployment)) };
  }
});

export const applyKubernetesObjectsRoute = defineRoute({
  method: 'post',
  path: '/api/v1/deployments/:name/kubernetes',
  operationId: 'applyDeploymentToKubernetes',
  summary: 'Apply the deployment to Kubernetes: a Deployment of serving-only replicas, a Service and a HorizontalPodAutoscaler',
  description:
    'Each object is created, or replaced when it exists. The API server checks all three first (a dry run), so one it refuses leaves the cluster ' +
    'unchanged and its reason comes back. The replicas share the backend’s MongoDB store (MLPORTAL_MONGO_URL from the Secret mlportal-mongo, key url) ' +
    'and read model files from the artifact volume (PersistentVolumeClaim mlportal-artifacts, read-only).',
  tag,
  access: 'deployments:manage',
  params: DeploymentParamsSchema,
  body: KubernetesApplyRequestSchema,
  response: { status: 200, schema: KubernetesApplyResultSchema, description: 'The objects, and whether they were applied' },
  errors: [404, 409, 502],
  async handler({ params, body, context }) {
    const deployment = await context.services.serving.deployments.get(params.name);
    const { config } = context.services;
    if (!body.dryRun && config.store.kind !== 'mongodb') {
      throw new ConflictError(
        'serving replicas on Kubernetes share the backend’s MongoDB store, and this backend keeps its documents in SQLite: set MLPORTAL_MONGO_URL, or send dryRun: true to check the objects',
        'store_not_shared'
      );
    }
    const result = await context.services.serving.cluster.scaleOut().apply(deployment, { dryRun: body.dryRun ?? false });
    if (result.applied) {
      const kinds = result.objects.map((object) => (object as { kind?: string }).kind).join(', ');
      await context.services.serving.deployments.record(params.name, {
        type: 'applied',
        by: context.principal.name,
        note: `applied to Kubernetes: ${kinds}`
      });
    }
    return { objects: plain(result.objects), applied: result.applied };
  }
});

export const kubernetesRoutes = [getKubernetesObjectsRoute, applyKubernetesObjectsRoute];
