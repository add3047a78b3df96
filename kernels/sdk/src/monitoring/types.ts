/**
 * Monitoring's answers and requests as the backend speaks them (issue 7's contract): dashboards,
 * drift, model quality from late labels, per-deployment settings, labels and alerts.
 */
import type { LoggedPrediction } from '../deployments/types';

export type DashboardKind = 'analyst' | 'product' | 'business';

export const DASHBOARD_KINDS: readonly DashboardKind[] = ['analyst', 'product', 'business'];

/** The media type of a dashboard panel's chart; JupyterLab renders it with Vega-Lite v5, natively. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** A time window; ISO 8601 strings or Dates. Unset ends default on the backend (usually the last day). */
export interface TimeWindow {
  from?: string | Date;
  to?: string | Date;
}

export interface DashboardQuery extends TimeWindow {
  deployment: string;
}

export interface DashboardPanel {
  id: string;
  title: string;
  description: string;
  /** A Vega-Lite v5 specification with its data inline. */
  spec: Record<string, unknown>;
  /** Set when there is nothing to draw yet, saying why (e.g. "no labels yet"). */
  empty?: string;
}

export interface Dashboard {
  kind: DashboardKind;
  title: string;
  deployment: string;
  from: string;
  to: string;
  generatedAt: string;
  panels: DashboardPanel[];
}

export type DriftMethod = 'ks' | 'wasserstein' | 'chi-square' | 'jensen-shannon';

export interface FeatureDrift {
  feature: string;
  type: 'numeric' | 'categorical';
  method: DriftMethod;
  score: number;
  pValue?: number;
  threshold: number;
  drifted: boolean;
  psi: number;
  psiLevel: 'ok' | 'warning' | 'alert';
  ks?: { statistic: number; pValue: number };
  wasserstein?: number;
  chiSquare?: { statistic: number; pValue: number; dof: number };
  jensenShannon?: number;
  histogram: { bins: string[]; reference: number[]; current: number[] };
}

export interface DriftReport {
  deployment: string;
  model: string;
  version: number;
  reference: { trainingSetId: string; rows: number };
  window: { from: string; to: string; rows: number };
  features: FeatureDrift[];
  /** How many features drifted. */
  drifted: number;
}

export interface DriftQuery extends TimeWindow {
  /** One version of the deployment (default: its champion). */
  version?: number;
}

export interface QualityPoint {
  start: string;
  labelled: number;
  accuracy?: number;
  auc?: number;
  logLoss?: number;
  rmse?: number;
  mae?: number;
}

export interface QualityReport {
  task: 'regression' | 'classification';
  series: QualityPoint[];
  byVersion: unknown;
}

export interface QualityQuery extends TimeWindow {
  /** The series' step, e.g. '1h' or '1d' (the backend's default: '1d'). */
  step?: string;
}

export interface MonitoringConfig {
  deployment: string;
  task: 'regression' | 'classification';
  scoreOutput?: string;
  positiveClass?: string | number;
  lowConfidence?: { margin: number };
  sloP99Ms?: number;
  drift?: { psiWarning?: number; psiAlert?: number; threshold?: number; pValue?: number };
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

/** What setConfig changes; `revision` guards against overwriting someone else's change (read first when unset). */
export type MonitoringConfigUpdate = Partial<Omit<MonitoringConfig, 'deployment' | 'revision' | 'updatedAt' | 'updatedBy'>> & { revision?: number };

export type LabelValue = number | string | boolean;

export interface Label {
  predictionId: string;
  label: LabelValue;
}

/** A low-confidence prediction waiting for its label. */
export type LabellingItem = LoggedPrediction & { score: number };

export type AlertKind = 'drift' | 'latency-p99' | 'error-rate' | 'accuracy' | 'rmse';

export interface AlertRule {
  id: string;
  name: string;
  deployment: string;
  kind: AlertKind;
  feature?: string;
  threshold: number;
  /** '15m', '1h', '1d', … */
  window: string;
  notify: { webhook?: string };
  action: { rerunJob?: string } | null;
  enabled: boolean;
  /** Why the platform disabled the rule, e.g. "owner token revoked at …"; re-enabling it makes you its owner. */
  disabledReason?: string;
  cooldownMinutes: number;
  revision: number;
}

export type AlertRuleInput = Omit<AlertRule, 'id' | 'revision' | 'enabled' | 'cooldownMinutes' | 'notify' | 'action' | 'disabledReason'> &
  Partial<Pick<AlertRule, 'enabled' | 'cooldownMinutes' | 'notify' | 'action'>>;

export type AlertRuleUpdate = Partial<Omit<AlertRule, 'id' | 'revision' | 'disabledReason'>> & { revision?: number };

export interface Alert {
  id: string;
  ruleId: string;
  deployment: string;
  kind: AlertKind;
  value: number;
  threshold: number;
  firedAt: string;
  message: string;
  webhook: { status: string | number; error?: string };
  job?: string;
  acknowledgedBy?: string;
}

export interface AlertQuery {
  /** Alerts fired after this moment. */
  since?: string | Date;
  deployment?: string;
}

export interface RuleEvaluation {
  fired: boolean;
  value: number | null;
  alert?: Alert;
}
