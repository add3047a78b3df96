import { defineRoute } from '../../api/route';
import { requireMayRead } from '../../auth/rows';
import { NotFoundError } from '../../platform/errors';
import {
  DeploymentParamsSchema,
  LoggedPredictionListSchema,
  LoggedPredictionSchema,
  PredictionListQuerySchema,
  PredictionParamsSchema,
  PredictResponseSchema
} from '@mlportal/contract';
import { readJsonBody } from './json-body';

/** Logged inputs (or entity keys and their features) and outputs: rows, for the rule in auth/rows.ts. */
const PREDICTION_LOG = { rows: true };

export const predictRoute = defineRoute({
  method: 'post',
  path: '/api/v1/deployments/:name/predict',
  operationId: 'predict',
  summary: 'Predict with a deployment: {"instances": [...]} rows, or {"entities": [...]} keys whose features come from the online store',
  description:
    'The body is JSON (a PredictRequest), up to MLPORTAL_MAX_PREDICT_BYTES. The traffic split picks the version unless "version" names one. ' +
    'Every row is logged with its prediction id (GET /api/v1/predictions/:id). With entities, a missing online value → 400 naming the entity and feature.',
  tag: 'deployments',
  access: 'predictions:send',
  params: DeploymentParamsSchema,
  upload: {
    mediaTypes: ['application/json'],
    description: 'A PredictRequest: {instances} or {entities}, optionally {version}',
    limit: 'maxPredictBytes'
  },
  response: { status: 200, schema: PredictResponseSchema, description: 'One prediction and one id per row', check: 'in-tests' },
  errors: [404, 413, 422, 503],
  async handler({ params, upload, context }) {
    if (!upload) throw new Error('this route declares an upload');
    const body = await readJsonBody(upload.stream, context.services.config.maxPredictBytes);
    return context.services.serving.predict(params.name, body, context.principal.name);
  }
});

export const listPredictionsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/deployments/:name/predictions',
  operationId: 'listPredictions',
  summary: "A deployment's logged predictions, newest first",
  tag: 'deployments',
  access: 'predictions:read',
  params: DeploymentParamsSchema,
  query: PredictionListQuerySchema,
  response: { status: 200, schema: LoggedPredictionListSchema, description: 'Newest first; page with before = the last one’s at' },
  async handler({ params, query, context }) {
    requireMayRead(context.principal, PREDICTION_LOG, `the prediction log of ${params.name}`);
    return { predictions: await context.services.serving.predictions.list(params.name, query) };
  }
});

export const getPredictionRoute = defineRoute({
  method: 'get',
  path: '/api/v1/predictions/:id',
  operationId: 'getPrediction',
  summary: 'One logged prediction: inputs or features, entity keys, outputs, latency',
  tag: 'deployments',
  access: 'predictions:read',
  params: PredictionParamsSchema,
  response: { status: 200, schema: LoggedPredictionSchema, description: 'The prediction' },
  errors: [404],
  async handler({ params, context }) {
    requireMayRead(context.principal, PREDICTION_LOG, `logged prediction ${params.id}`);
    const [found] = await context.services.serving.predictions.get([params.id]);
    if (!found) throw new NotFoundError(`no logged prediction ${params.id}`, { id: params.id });
    return found;
  }
});

export const predictionRoutes = [predictRoute, listPredictionsRoute, getPredictionRoute];
