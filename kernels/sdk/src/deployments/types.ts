/**
 * Deployments and their predictions as the SDK sees them: the wire types are the contract's
 * (`@mlportal/contract`); what is declared here are the SDK's own inputs and options, built on
 * them. Names carry "Deploy"/"Served" where the registry's types already use the plain word
 * (VersionRef).
 */
import type { z } from 'zod';
import type {
  CreateDeploymentRequestSchema,
  Deployment,
  DeploymentEvent,
  GateCheckRequestSchema,
  GateRequestSchema,
  LoggedPrediction,
  PredictionListQuery,
  PredictRequest,
  RollbackRequestSchema,
  RolloutRequestSchema,
  UpdateDeploymentRequestSchema
} from '@mlportal/contract';

export type {
  Batching,
  Change as DeploymentChange,
  Deployment,
  DeploymentEvent,
  DeploymentStats,
  DeploymentWithStats,
  DryRunResult as DeploymentPlan,
  GateCheck,
  GateResult,
  GateRule,
  Kpi,
  LoggedPrediction,
  PredictResponse as PredictResult,
  Replicas,
  Target as DeploymentTarget,
  TrafficEntry,
  TrafficState as RoutingSnapshot,
  VersionRef as ServedVersion,
  VersionStats
} from '@mlportal/contract';

export type DeploymentState = Deployment['state'];
export type DeploymentEventType = DeploymentEvent['type'];

/** The gate a deployment or rollout passes: thresholds, and (default) no worse than production. */
export type GateRequest = z.input<typeof GateRequestSchema>;

/** POST /api/v1/deployments/gate: the gate as a dry run. */
export type GateCheckRequest = z.input<typeof GateCheckRequestSchema>;

type CreateBody = z.input<typeof CreateDeploymentRequestSchema>;

/** A failed gate goes through only with a reason, and only for a token holding deployments:override-gate. */
export type GateOverride = NonNullable<CreateBody['override']>;

/** What deployments.create (and plan) sends; dryRun is the method's to set. */
export type CreateDeploymentRequest = Omit<CreateBody, 'dryRun'>;

/** Guards a change: it applies only while the deployment is at this revision. Read first when absent. */
export type RevisionGuard = Partial<z.input<typeof RollbackRequestSchema>>;

export type UpdateDeploymentRequest = Omit<z.input<typeof UpdateDeploymentRequestSchema>, 'revision'> & RevisionGuard;

/** percent: 1..99 makes it the canary beside the current champion; 100 makes it the only version. */
export type RolloutRequest = Omit<z.input<typeof RolloutRequestSchema>, 'revision' | 'dryRun'> & RevisionGuard;

/** Entity keys (e.g. { origin: "SFO" }) instead of features: the server looks the version's features up. */
export type EntityKeys = NonNullable<PredictRequest['entities']>[number];

type Instances = NonNullable<PredictRequest['instances']>;

/**
 * What predict sends: rows of numbers for a model with one 2-D input; per-row objects naming each
 * input for several inputs; or entity keys.
 */
export type PredictInput = Instances | Required<Pick<PredictRequest, 'instances'>> | Required<Pick<PredictRequest, 'entities'>>;

/** version: address one version of the deployment instead of following the traffic split. */
export type DeploymentPredictOptions = Pick<PredictRequest, 'version'>;

export type PredictionValue = LoggedPrediction['prediction'];

/** Newest first: at most `limit` (default the backend's), made before `before` (the previous page's last `at`). */
export type PredictionQuery = Partial<Pick<PredictionListQuery, 'limit' | 'before'>>;
