/**
 * The Express app, assembled from the composed services (composition/): it never listens itself
 * (main.ts does), so tests build one around a temporary store and start it where they like.
 */
import express, { type Express } from 'express';
import { cors } from './api/cors';
import { errorHandler, unknownRoute } from './api/errors';
import { jsonBodyParser, routerFor } from './api/mount';
import { requestId } from './api/request-id';
import { requestLog } from './api/request-log';
import { createServices, type AppDependencies } from './composition/create-services';
import { accessControlOf } from './composition/ports/access';
import { allRoutes } from './composition/routes';
import type { Services } from './composition/services';
import { mlflowRouter } from './mlflow/router';
import { dashboardPagesRouter } from './monitoring/dashboards/pages/router';
import { httpRequestMetrics } from './monitoring/metrics/http-metrics';
import { inferenceProtocolRouter } from './serving/protocol/v2-router';
import { isServingReplica, replicaRoutes } from './serving/replica/replica';

/** `services` defaults to new ones; pass those you prepared (main.ts, the test server). */
export function createApp(dependencies: AppDependencies, services: Services = createServices(dependencies)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId(dependencies.logger));
  app.use(requestLog());
  app.use(httpRequestMetrics(services.metrics));
  app.use(cors(dependencies.config.corsOrigins));
  const replica = isServingReplica(dependencies.config);
  const routes = dependencies.routes ?? (replica ? replicaRoutes(allRoutes) : allRoutes);
  // Before the JSON parser: MLflow's artifact uploads are streamed whatever their Content-Type (server/mlflow/router.ts).
  if (!replica) app.use(mlflowRouter(services, dependencies.config.maxBodyBytes));
  // Also before it: v2 infer bodies are read raw (JSON or JSON + binary tensors), errors in the protocol's {"error"} form.
  app.use(inferenceProtocolRouter(services));
  if (!replica) app.use(dashboardPagesRouter());
  app.use(jsonBodyParser(routes, dependencies.config));
  app.use(routerFor(routes, services, accessControlOf(services.tokens), { checkAllResponses: dependencies.checkAllResponses }));
  app.use(unknownRoute());
  app.use(errorHandler());
  return app;
}
