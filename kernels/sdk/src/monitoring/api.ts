import { DashboardSchema, DriftReportSchema, LabellingQueueSchema, MonitoringConfigSchema, QualityReportSchema } from '@mlportal/contract';
import { ClientBoundApi, segment } from '../client-bound';
import { MlportalError } from '../errors';
import { isoMoment } from './time';
import {
  DASHBOARD_KINDS,
  type Dashboard,
  type DashboardKind,
  type DashboardQuery,
  type DriftQuery,
  type DriftReport,
  type LabellingItem,
  type MonitoringConfig,
  type MonitoringConfigUpdate,
  type QualityQuery,
  type QualityReport
} from './types';

export const DASHBOARDS_PATH = '/api/v1/dashboards';
export const MONITORED_DEPLOYMENTS_PATH = '/api/v1/monitoring/deployments';

/**
 * A deployment's monitoring: dashboards (as data), drift, model quality from late labels, its
 * settings and its labelling queue. Browser-safe (`client.monitoring`); the Node entry's
 * `monitoring.dashboard()` also draws a dashboard in the notebook cell's output.
 */
export class MonitoringApi extends ClientBoundApi {
  /** The dashboard's panels, each a Vega-Lite v5 spec with its data inline. */
  dashboardData(kind: DashboardKind, query: DashboardQuery): Promise<Dashboard> {
    checkKind(kind);
    const deployment = checkDeployment(query?.deployment);
    return this.call(DashboardSchema, `${DASHBOARDS_PATH}/${segment(kind)}`, {
      query: { deployment, from: isoMoment(query.from, 'from'), to: isoMoment(query.to, 'to') }
    });
  }

  /** Per feature: the window's distribution against the training set's, with the test's score and PSI. */
  drift(deployment: string, query: DriftQuery = {}): Promise<DriftReport> {
    return this.call(DriftReportSchema, `${this.deploymentPath(deployment)}/drift`, {
      query: { from: isoMoment(query.from, 'from'), to: isoMoment(query.to, 'to'), version: query.version }
    });
  }

  /** Accuracy, AUC and log loss (classification) or RMSE and MAE (regression) over time, from the labels sent. */
  quality(deployment: string, query: QualityQuery = {}): Promise<QualityReport> {
    return this.call(QualityReportSchema, `${this.deploymentPath(deployment)}/quality`, {
      query: { from: isoMoment(query.from, 'from'), to: isoMoment(query.to, 'to'), step: query.step }
    });
  }

  /** How the deployment is monitored: task, score output, low-confidence margin, latency SLO, drift thresholds. */
  config(deployment: string): Promise<MonitoringConfig> {
    return this.call(MonitoringConfigSchema, `${this.deploymentPath(deployment)}/config`);
  }

  /** Replaces the settings (one left out goes back to its default); without `revision` the current one is read first. */
  async setConfig(deployment: string, update: MonitoringConfigUpdate): Promise<MonitoringConfig> {
    const revision = update.revision ?? (await this.config(deployment)).revision;
    return this.call(MonitoringConfigSchema, `${this.deploymentPath(deployment)}/config`, { method: 'PUT', body: { ...update, revision } });
  }

  /** Low-confidence predictions not yet labelled, for a person to label. */
  async labellingQueue(deployment: string, options: { limit?: number } = {}): Promise<LabellingItem[]> {
    const answer = await this.call(LabellingQueueSchema, `${this.deploymentPath(deployment)}/labelling-queue`, {
      query: { limit: options.limit }
    });
    return answer.items;
  }

  private deploymentPath(deployment: string): string {
    return `${MONITORED_DEPLOYMENTS_PATH}/${segment(checkDeployment(deployment))}`;
  }
}

function checkKind(kind: unknown): asserts kind is DashboardKind {
  if (!DASHBOARD_KINDS.includes(kind as DashboardKind)) {
    throw new MlportalError(`the dashboard kind must be one of ${DASHBOARD_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  }
}

function checkDeployment(deployment: unknown): string {
  if (typeof deployment !== 'string' || deployment.trim() === '') {
    throw new MlportalError(`name the deployment, e.g. { deployment: 'flights-delay' }; got ${JSON.stringify(deployment)}`);
  }
  return deployment;
}
