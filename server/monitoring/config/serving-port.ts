/**
 * What monitoring reads from serving (contract-6), as one narrow port: logged predictions (by id,
 * and the stream of new ones), deployments with their events, and the engine's live statistics.
 * Monitoring never reads serving's collections; it goes through services.serving, adapted here in
 * one place so the parts (config, decay, dashboards) share one view of it.
 */
import type { Services } from '../../api/services';
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

/** services.serving as monitoring reads it. */
export function servingReadingsOf(services: Services): ServingReadings {
  const { serving } = services;
  return {
    predictions: (ids) => serving.predictions.get(ids),
    onLogged: (listener) => serving.predictions.onLogged(listener),
    deployment: (name) => serving.deployments.get(name),
    deployments: () => serving.deployments.list(),
    events: (name) => serving.deployments.events(name),
    stats: (name) => serving.engine.stats(name)
  };
}
