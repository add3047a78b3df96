/**
 * The MLflow-compatible API: /api/2.0/mlflow/* (tracking and registry) and
 * /api/2.0/mlflow-artifacts/artifacts/* (run artifacts), translated to the tracking and registry
 * services. A router of its own, mounted before the app's JSON parser: MLflow's GET endpoints take
 * query parameters, artifact uploads may carry any Content-Type (a .json file among them), and
 * errors answer in MLflow's shape ({error_code, message}), which its client turns into MlflowException.
 */
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { refuseAnnouncedOversize } from '../api/announced-size';
import { parsePart } from '../api/validation';
import { checkJsonDepth } from '../platform/json-depth';
import { requestState } from '../api/request-state';
import type { RouteServices } from '../api/route';
import { authenticatedContext, type MlflowEndpoint } from './endpoint';
import { MlflowError, mlflowErrorAnswer } from './errors';
import { artifactHandlers } from './routes/artifacts';
import { experimentEndpoints } from './routes/experiments';
import { loggedModelEndpoints } from './routes/logged-models';
import { modelVersionEndpoints } from './routes/model-versions';
import { registeredModelEndpoints } from './routes/registered-models';
import { runEndpoints } from './routes/runs';

export const MLFLOW_API_ROOT = '/api/2.0/mlflow';
export const MLFLOW_ARTIFACTS_ROOT = '/api/2.0/mlflow-artifacts/artifacts';

export const mlflowEndpoints: readonly MlflowEndpoint[] = [
  ...experimentEndpoints,
  ...runEndpoints,
  ...loggedModelEndpoints,
  ...registeredModelEndpoints,
  ...modelVersionEndpoints
];

export function mlflowRouter(services: RouteServices, maxBodyBytes: number): Router {
  const router = Router();
  // A body announced over the limit is refused before it is read (api/announced-size.ts).
  router.use(
    MLFLOW_API_ROOT,
    refuseAnnouncedOversize({ ...services.config, maxBodyBytes }, 'maxBodyBytes'),
    express.json({ limit: maxBodyBytes })
  );
  for (const endpoint of mlflowEndpoints) router[endpoint.method](endpoint.path, endpointHandler(endpoint, services));
  artifactHandlers(router, MLFLOW_ARTIFACTS_ROOT, services);
  for (const root of [MLFLOW_API_ROOT, '/api/2.0/mlflow-artifacts']) {
    router.all(`${root}/{*rest}`, (req, _res, next) => {
      next(new MlflowError('ENDPOINT_NOT_FOUND', `mlportal does not implement ${req.method} ${req.path} of the MLflow API`));
    });
  }
  router.use(mlflowErrors());
  return router;
}

function endpointHandler(endpoint: MlflowEndpoint, services: RouteServices): RequestHandler {
  return async (req, res) => {
    requestState(res).route = endpoint.path;
    const context = await authenticatedContext(req, res, services, endpoint.permission);
    const raw: unknown = endpoint.method === 'get' ? req.query : (req.body ?? {});
    checkJsonDepth(raw);
    const input = parsePart(endpoint.input, endpoint.method === 'get' ? 'query' : 'body', raw);
    const answer = await endpoint.handle(input, context);
    res.status(200).json(answer);
  };
}

/** Every error under the MLflow roots, in MLflow's shape; the details of an unexpected one stay in the log. */
function mlflowErrors(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const state = requestState(res);
    const answer = mlflowErrorAnswer(err);
    if (answer) {
      if (answer.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(answer.status).json(answer.body);
      return;
    }
    state.logger.error({ err }, 'unhandled error in the MLflow API');
    res.status(500).json({
      error_code: 'INTERNAL_ERROR',
      message: `internal error; the server log has the details under request id ${state.requestId}`
    });
  };
}
