/**
 * Deployments and their predictions as the SDK sees them. They mirror the backend's contract
 * (server/serving/deployments/schemas.ts) by hand: the SDK ships on its own, and tslab type-checks
 * these declarations with TypeScript 5.0 and the ES2022 library only. Names carry "Deploy"/"Served"
 * where the registry's types already use the plain word (VersionRef).
 */

/** One version of a registered model, by number. */
export interface ServedVersion {
  model: string;
  version: number;
}

/** Whole percents summing to 100 over at most two distinct versions (champion, canary). */
export interface TrafficEntry extends ServedVersion {
  percent: number;
}

export interface Batching {
  /** 1..1024, default 32. */
  maxBatchSize: number;
  /** 0..1000, default 2; an idle server never holds a request back. */
  maxQueueDelayMs: number;
}

export interface Replicas {
  /** 1..100, default 1. */
  min: number;
  /** 1..100, default 1. */
  max: number;
  /** 10..100, default 70. */
  targetCpuPercent: number;
}

export type DeploymentTarget = 'local' | 'kubernetes';
export type DeploymentState = 'ready' | 'loading' | 'failed';

export interface GateRule {
  /** A metric of the version, e.g. "rmse". */
  metric: string;
  op: '>=' | '<=';
  value: number;
}

export interface GateRequest {
  thresholds: GateRule[];
  /** Default true: the candidate may not be worse than the model's production version on any metric named in thresholds. */
  compareToProduction?: boolean;
}

export interface GateCheck {
  metric: string;
  kind: 'threshold' | 'production';
  /** e.g. ">= 0.80" or ">= 0.83 (v3 in production)". */
  expected: string;
  /** Null when the version has no such metric. */
  actual: number | null;
  passed: boolean;
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
  overriddenBy?: string;
  overrideReason?: string;
  checkedAt: string;
}

/** POST /api/v1/deployments/gate: the gate as a dry run. */
export interface GateCheckRequest extends GateRequest {
  model: string;
  version: number;
}

/** The business KPI: a prediction "counts" when output[row][0] op value. */
export interface Kpi {
  /** e.g. "share of flights predicted late". */
  label: string;
  /** The output tensor's name. */
  output: string;
  op: '>' | '>=' | '<' | '<=' | '==';
  value: number;
}

export interface Deployment {
  /** A DNS label: also the v2 model name and the Kubernetes object name. */
  name: string;
  description: string;
  traffic: TrafficEntry[];
  /** Gets a copy of every request; its answers are logged, never returned. */
  shadow: ServedVersion | null;
  batching: Batching;
  replicas: Replicas;
  target: DeploymentTarget;
  /** Of the version last rolled out. */
  gate: GateResult;
  kpi: Kpi | null;
  state: DeploymentState;
  reason?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  revision: number;
}

export interface VersionStats extends ServedVersion {
  role: 'primary' | 'canary' | 'shadow';
  percent: number;
  requests: number;
  errors: number;
  /** Over the last 60 s. */
  ratePerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface DeploymentStats {
  deployment: string;
  versions: VersionStats[];
  windowSeconds: number;
}

export type DeploymentWithStats = Deployment & { stats: DeploymentStats };

export type DeploymentEventType = 'created' | 'updated' | 'rollout' | 'rollback' | 'deleted' | 'applied';

export interface RoutingSnapshot {
  traffic: TrafficEntry[];
  shadow: ServedVersion | null;
}

export interface DeploymentEvent {
  deployment: string;
  type: DeploymentEventType;
  at: string;
  by: string;
  from?: RoutingSnapshot;
  to?: RoutingSnapshot;
  gate?: GateResult;
  note?: string;
}

/** A failed gate goes through only with a reason, and only for a token holding deployments:override-gate. */
export interface GateOverride {
  reason: string;
}

/** What deployments.create sends. */
export interface CreateDeploymentRequest {
  name: string;
  description?: string;
  model: string;
  version: number;
  gate?: GateRequest;
  override?: GateOverride;
  batching?: Partial<Batching>;
  replicas?: Partial<Replicas>;
  target?: DeploymentTarget;
  shadow?: ServedVersion | null;
  /** A second version beside `version`, with this share of the traffic. */
  canary?: TrafficEntry;
  kpi?: Kpi | null;
}

/** One field the change would set, against what runs now (null `from` for a new deployment). */
export interface DeploymentChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The answer of a dry run: the deployment as it would be, what changes, and the gate. */
export interface DeploymentPlan {
  deployment: Deployment;
  changes: DeploymentChange[];
  gate: GateResult;
}

/** Guards a change: it applies only while the deployment is at this revision. Read first when absent. */
export interface RevisionGuard {
  revision?: number;
}

export interface UpdateDeploymentRequest extends RevisionGuard {
  description?: string;
  batching?: Partial<Batching>;
  replicas?: Partial<Replicas>;
  shadow?: ServedVersion | null;
  kpi?: Kpi | null;
  target?: DeploymentTarget;
}

export interface RolloutRequest extends RevisionGuard {
  model: string;
  version: number;
  /** 1..99 makes it the canary beside the current champion; 100 makes it the only version. */
  percent: number;
  gate?: GateRequest;
  override?: GateOverride;
}

/** Entity keys (e.g. { origin: "SFO" }) instead of features: the server looks the version's features up. */
export type EntityKeys = Record<string, string | number | boolean>;

/**
 * What predict sends: rows of numbers for a model with one 2-D input; per-row objects naming each
 * input for several inputs; or entity keys.
 */
export type PredictInput =
  | Array<number[] | Record<string, unknown>>
  | { instances: Array<number[] | Record<string, unknown>> }
  | { entities: EntityKeys[] };

export interface DeploymentPredictOptions {
  /** Address one version of the deployment instead of following the traffic split. */
  version?: number;
}

export interface PredictResult {
  /** Per row: the first output's row (a scalar when that row has one value). */
  predictions: unknown[];
  outputs: Record<string, unknown[]>;
  /** One per row, for late labels. */
  predictionIds: string[];
  model: string;
  version: number;
}

export type PredictionValue = number | string | boolean | null;

export interface LoggedPrediction {
  id: string;
  deployment: string;
  model: string;
  version: number;
  role: 'primary' | 'canary' | 'shadow';
  requestId: string;
  at: string;
  latencyMs: number;
  /** By name when the version has feature names (2-D input), else null. */
  features: Record<string, PredictionValue> | null;
  /** This row of each input when features is null. */
  inputs: Record<string, unknown> | null;
  entityKeys: EntityKeys | null;
  outputs: Record<string, number | string | boolean | number[] | string[]>;
  /** The first output's first value of the row. */
  prediction: PredictionValue;
}

export interface PredictionQuery {
  /** Newest first; default the backend's. */
  limit?: number;
  /** Only predictions before this one (an id or time, as the backend's `before`). */
  before?: string;
}
