/**
 * What monitoring reads from serving, as one narrow port: logged predictions (by id, the newest of
 * a deployment, and the stream of new ones), deployments with their events, and the engine's live
 * statistics. Monitoring never reads serving's collections; the composition adapts serving's
 * service to this in one place, so the parts (config, decay, drift, skew, dashboards, alerts)
 * share one view of it.
 */
import type { Deployment, DeploymentEvent, DeploymentStats, LoggedPrediction, PredictionRole } from '@mlportal/contract';

export type { Deployment, DeploymentEvent, DeploymentStats, Kpi, LoggedPrediction, VersionRef } from '@mlportal/contract';

export interface ServingReadings {
  /** The rows found; ids not logged are simply absent. */
  predictions(ids: string[]): Promise<LoggedPrediction[]>;
  /** The newest `limit` logged predictions of a deployment (before `before`, of one role), newest first. */
  recentPredictions(deployment: string, options: { limit: number; before?: string; role?: PredictionRole }): Promise<LoggedPrediction[]>;
  /** Subscribes to every stored batch; returns the unsubscribe. */
  onLogged(listener: (batch: LoggedPrediction[]) => void): () => void;
  /** 404 (NotFoundError) when there is no such deployment. */
  deployment(name: string): Promise<Deployment>;
  deployments(): Promise<Deployment[]>;
  /** Newest first. */
  events(name: string): Promise<DeploymentEvent[]>;
  stats(name: string): DeploymentStats;
}
