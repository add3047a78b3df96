/**
 * What monitoring reads from serving (contract-6), as one narrow port: logged predictions (by id,
 * and the stream of new ones), deployments with their events, and the engine's live statistics.
 * Monitoring never reads serving's collections; it goes through services.serving, adapted here in
 * one place so the parts (config, decay, dashboards) share one view of it.
 */
import type { Services } from '../../api/services';
import { AppError } from '../../platform/errors';
import type { Deployment, DeploymentEvent, DeploymentStats } from '../../serving/deployments/schemas';
import type { LoggedPrediction } from '../../serving/predictions/schemas';

export type { Deployment, DeploymentEvent, DeploymentStats, Kpi, VersionRef } from '../../serving/deployments/schemas';
export type { LoggedPrediction } from '../../serving/predictions/schemas';

export interface ServingReadings {
  /** The rows found; ids not logged are simply absent. */
  predictions(ids: string[]): Promise<LoggedPrediction[]>;
  /** Subscribes to every stored batch; returns the unsubscribe. */
  onLogged(listener: (batch: LoggedPrediction[]) => void): () => void;
  /** 404 (NotFoundError) when there is no such deployment. */
  deployment(name: string): Promise<Deployment>;
  deployments(): Promise<Deployment[]>;
  /** Newest first. */
  events(name: string): Promise<DeploymentEvent[]>;
  stats(name: string): DeploymentStats;
}

/** The slice of services.serving this port calls (contract-6's ServingService). */
interface ServingSlice {
  predictions: {
    get(ids: string[]): Promise<LoggedPrediction[]>;
    onLogged(listener: (batch: LoggedPrediction[]) => void): () => void;
  };
  deployments: {
    get(name: string): Promise<Deployment>;
    list(): Promise<Deployment[] | { deployments: Deployment[] }>;
    events(name: string): Promise<DeploymentEvent[] | { events: DeploymentEvent[] }>;
  };
  engine: { stats(name: string): DeploymentStats };
}

export class ServingUnavailableError extends AppError {
  constructor() {
    super(503, 'serving_unavailable', 'serving is not part of this server, so there are no deployments or predictions to monitor');
  }
}

/** services.serving as monitoring reads it; null while the app has no serving domain (a server built without it). */
export function servingReadingsOf(services: Services): ServingReadings | null {
  const serving: ServingSlice | undefined = services.serving;
  if (!serving) return null;
  return {
    predictions: (ids) => serving.predictions.get(ids),
    onLogged: (listener) => serving.predictions.onLogged(listener),
    deployment: (name) => serving.deployments.get(name),
    deployments: async () => {
      const listed = await serving.deployments.list();
      return Array.isArray(listed) ? listed : listed.deployments;
    },
    events: async (name) => {
      const listed = await serving.deployments.events(name);
      return Array.isArray(listed) ? listed : listed.events;
    },
    stats: (name) => serving.engine.stats(name)
  };
}

/** The same, for callers that cannot go on without serving. */
export function requireServing(services: Services): ServingReadings {
  const readings = servingReadingsOf(services);
  if (!readings) throw new ServingUnavailableError();
  return readings;
}
