/**
 * Monitoring as the SDK sees it (dashboards, drift, model quality from late labels, per-deployment
 * settings, labels and alerts): the wire types are the contract's (`@mlportal/contract`); what is
 * declared here are the SDK's own queries and inputs, built on them.
 */
import type { z } from 'zod';
import type {
  CreateAlertRuleRequestSchema,
  DashboardQuery as DashboardQueryParams,
  DriftQuerySchema,
  ListAlertsQuery,
  PutMonitoringConfigRequestSchema,
  QualityQuerySchema,
  QueuedPredictionSchema,
  SendLabelsRequest,
  UpdateAlertRuleRequestSchema
} from '@mlportal/contract';

export { DASHBOARD_KINDS } from '@mlportal/contract';
export type {
  Alert,
  AlertKind,
  AlertRule,
  Dashboard,
  DashboardKind,
  DriftMethod,
  DriftReport,
  Evaluation as RuleEvaluation,
  FeatureDrift,
  MonitoringConfig,
  Panel as DashboardPanel,
  QualityPoint,
  QualityReport
} from '@mlportal/contract';

/** The media type of a dashboard panel's chart; JupyterLab renders it with Vega-Lite v5, natively. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** A time window; ISO 8601 strings or Dates. Unset ends default on the backend (usually the last day). */
export interface TimeWindow {
  from?: string | Date;
  to?: string | Date;
}

export type DashboardQuery = TimeWindow & Required<Pick<DashboardQueryParams, 'deployment'>>;

/** version: one version of the deployment (default: the one with the most logged rows in the window). */
export type DriftQuery = TimeWindow & Pick<z.output<typeof DriftQuerySchema>, 'version'>;

/** step: the series' step, e.g. '1h' or '1d' (the backend's default: '1d'). */
export type QualityQuery = TimeWindow & Pick<z.input<typeof QualityQuerySchema>, 'step'>;

/**
 * What setConfig sends: the whole configuration (a setting left out goes back to its default);
 * `revision` guards against overwriting someone else's change (read first when unset).
 */
export type MonitoringConfigUpdate = Omit<z.input<typeof PutMonitoringConfigRequestSchema>, 'revision'> &
  Partial<Pick<z.input<typeof PutMonitoringConfigRequestSchema>, 'revision'>>;

export type Label = SendLabelsRequest['labels'][number];
export type LabelValue = Label['label'];

/** A low-confidence prediction waiting for its label: a logged prediction with its score. */
export type LabellingItem = z.output<typeof QueuedPredictionSchema>;

export type AlertRuleInput = z.input<typeof CreateAlertRuleRequestSchema>;

/** The fields to change; `revision` is read first when unset. */
export type AlertRuleUpdate = Omit<z.input<typeof UpdateAlertRuleRequestSchema>, 'revision'> &
  Partial<Pick<z.input<typeof UpdateAlertRuleRequestSchema>, 'revision'>>;

export type AlertQuery = Pick<ListAlertsQuery, 'deployment'> & {
  /** Alerts fired after this moment. */
  since?: string | Date;
};
