import { defineRoute } from '../../api/route';
import {
  DeploymentParamsSchema,
  LabellingQueueQuerySchema,
  LabellingQueueSchema,
  QualityQuerySchema,
  QualityReportSchema,
  SendLabelsRequestSchema,
  SendLabelsResponseSchema
} from '@mlportal/contract';

const tag = 'monitoring';

export const sendLabelsRoute = defineRoute({
  method: 'post',
  path: '/api/v1/labels',
  operationId: 'sendLabels',
  summary: 'Send ground-truth labels for logged predictions (joined by prediction id)',
  description:
    'All or nothing: an unknown prediction id answers 404 naming it, a label that does not fit the task 400, and nothing is stored.',
  tag,
  access: 'labels:write',
  body: SendLabelsRequestSchema,
  response: { status: 200, schema: SendLabelsResponseSchema, description: 'How many labels were stored' },
  errors: [404, 409, 503],
  async handler({ body, context }) {
    return context.services.monitoring.decay.recordLabels(body, context.principal.name);
  }
});

export const qualityRoute = defineRoute({
  method: 'get',
  path: '/api/v1/monitoring/deployments/:name/quality',
  operationId: 'getModelQuality',
  summary: 'Model quality over time from late labels: accuracy, AUC, log loss (classification) or RMSE, MAE (regression)',
  tag,
  access: 'monitoring:read',
  params: DeploymentParamsSchema,
  query: QualityQuerySchema,
  response: { status: 200, schema: QualityReportSchema, description: 'Per step, over the served predictions, and per version' },
  errors: [404, 503],
  async handler({ params, query, context }) {
    return context.services.monitoring.decay.quality(params.name, query);
  }
});

export const labellingQueueRoute = defineRoute({
  method: 'get',
  path: '/api/v1/monitoring/deployments/:name/labelling-queue',
  operationId: 'getLabellingQueue',
  summary: "A classifier's low-confidence predictions waiting for a label, newest first",
  tag,
  description: 'Shows the logged rows (inputs and outputs), so it needs predictions:read, as the prediction log does.',
  access: 'predictions:read',
  params: DeploymentParamsSchema,
  query: LabellingQueueQuerySchema,
  response: { status: 200, schema: LabellingQueueSchema, description: 'Queued predictions with their score' },
  errors: [404, 503],
  async handler({ params, query, context }) {
    return context.services.monitoring.decay.labellingQueue(params.name, query.limit, context.principal);
  }
});

export const decayRoutes = [sendLabelsRoute, qualityRoute, labellingQueueRoute];
