/**
 * The Express app, assembled from injected dependencies; it never listens itself (main.ts does),
 * so tests build one around a temporary store and start it where they like.
 */
import express, { type Express } from 'express';
import { cors } from './api/cors';
import { errorHandler, unknownRoute } from './api/errors';
import { routerFor } from './api/mount';
import { requestId } from './api/request-id';
import { requestLog } from './api/request-log';
import type { Route } from './api/route';
import { allRoutes } from './api/routes';
import type { Services } from './api/services';
import { TokenService } from './auth/token-service';
import type { Config } from './config';
import type { ArtifactStore } from './platform/artifacts/port';
import type { Logger } from './platform/logging';
import type { DocumentStore } from './platform/store/port';

export interface AppDependencies {
  config: Config;
  store: DocumentStore;
  artifacts: ArtifactStore;
  logger: Logger;
  /** The routes to serve; all of them unless a test serves its own. */
  routes?: readonly Route[];
}

export function createServices({ config, store, artifacts, logger }: AppDependencies): Services {
  return { config, store, artifacts, logger, tokens: new TokenService(store, logger) };
}

export function createApp(dependencies: AppDependencies): Express {
  const services = createServices(dependencies);
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId(dependencies.logger));
  app.use(requestLog());
  app.use(cors(dependencies.config.corsOrigins));
  app.use(express.json({ limit: dependencies.config.maxBodyBytes }));
  app.use(routerFor(dependencies.routes ?? allRoutes, services));
  app.use(unknownRoute());
  app.use(errorHandler());
  return app;
}
