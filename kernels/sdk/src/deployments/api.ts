import {
  DEPLOYMENT_NAME_PATTERN,
  DeploymentEventListSchema,
  DeploymentListSchema,
  DeploymentSchema,
  DeploymentStatsSchema,
  DeploymentWithStatsSchema,
  DryRunResultSchema,
  GateResultSchema,
  LoggedPredictionListSchema,
  LoggedPredictionSchema,
  PredictResponseSchema
} from '@mlportal/contract';
import { ClientBoundApi, segment } from '../client-bound';
import { MlportalError } from '../errors';
import type {
  CreateDeploymentRequest,
  Deployment,
  DeploymentEvent,
  DeploymentPlan,
  DeploymentStats,
  DeploymentWithStats,
  GateCheckRequest,
  GateResult,
  LoggedPrediction,
  PredictInput,
  PredictionQuery,
  DeploymentPredictOptions,
  PredictResult,
  RevisionGuard,
  RolloutRequest,
  UpdateDeploymentRequest
} from './types';

export const DEPLOYMENTS_PATH = '/api/v1/deployments';
export const PREDICTIONS_PATH = '/api/v1/predictions';

/** A DNS label: the deployment is also the v2 model name and the Kubernetes object name. */
export { DEPLOYMENT_NAME_PATTERN };

/** Why a name is refused, or null; the wizard checks as the user types. */
export function deploymentNameProblem(name: string): string | null {
  return DEPLOYMENT_NAME_PATTERN.test(name)
    ? null
    : `deployment name ${JSON.stringify(name)} is not allowed: lower case letters, digits and "-", starting with a letter, not ending with "-", at most 63 characters`;
}

function checkDeploymentName(name: string): void {
  const problem = typeof name === 'string' ? deploymentNameProblem(name) : 'deployment name must be a string';
  if (problem) throw new MlportalError(problem);
}

/**
 * Online serving from a notebook, a job or the sidebar: `client.deployments`. Browser-safe; the Node
 * entry's module-level `deployments` reads MLPORTAL_URL and MLPORTAL_TOKEN. Changes guarded by a
 * revision read the current one first when none is given.
 */
export class DeploymentsApi extends ClientBoundApi {
  // ------------------------------------------------------------ reading

  /** Every deployment with its live figures (last 60 s). */
  async list(): Promise<DeploymentWithStats[]> {
    return (await this.call(DeploymentListSchema, DEPLOYMENTS_PATH)).deployments;
  }

  get(name: string): Promise<DeploymentWithStats> {
    return this.call(DeploymentWithStatsSchema, `${DEPLOYMENTS_PATH}/${segment(name)}`);
  }

  /** Per version: requests, errors, rate and p50/p99 latency over the last 60 s. */
  stats(name: string): Promise<DeploymentStats> {
    return this.call(DeploymentStatsSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/stats`);
  }

  /** Creations, rollouts, rollbacks, edits: newest first. */
  async events(name: string): Promise<DeploymentEvent[]> {
    return (await this.call(DeploymentEventListSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/events`)).events;
  }

  // ------------------------------------------------------------ deploying

  /** The gate alone, storing nothing: the version's metrics against thresholds and the production version. */
  gate(check: GateCheckRequest): Promise<GateResult> {
    return this.call(GateResultSchema, `${DEPLOYMENTS_PATH}/gate`, { method: 'POST', body: check });
  }

  /**
   * Deploys a version (loaded before this resolves). A failed gate without an override is refused
   * with 422 gate_failed, its details the GateResult; a taken name with 409.
   */
  async create(spec: CreateDeploymentRequest): Promise<Deployment> {
    checkDeploymentName(spec.name);
    return this.call(DeploymentSchema, DEPLOYMENTS_PATH, { method: 'POST', body: { ...spec, dryRun: false } });
  }

  /** What create would do, against what runs now; nothing is stored. */
  async plan(spec: CreateDeploymentRequest): Promise<DeploymentPlan> {
    checkDeploymentName(spec.name);
    return this.call(DryRunResultSchema, DEPLOYMENTS_PATH, { method: 'POST', body: { ...spec, dryRun: true } });
  }

  /** Description, batching, replicas, shadow, KPI or target. */
  async update(name: string, changes: UpdateDeploymentRequest): Promise<Deployment> {
    const revision = await this.revisionOf(name, changes);
    return this.call(DeploymentSchema, `${DEPLOYMENTS_PATH}/${segment(name)}`, { method: 'PATCH', body: { ...changes, revision } });
  }

  /** A new version: below 100 percent a canary beside the current champion, at 100 the only one. Recorded. */
  async rollout(name: string, request: RolloutRequest): Promise<Deployment> {
    const revision = await this.revisionOf(name, request);
    return this.call(DeploymentSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/rollout`, {
      method: 'POST',
      body: { ...request, revision, dryRun: false }
    });
  }

  /** What rollout would change; nothing is stored. */
  async planRollout(name: string, request: RolloutRequest): Promise<DeploymentPlan> {
    const revision = await this.revisionOf(name, request);
    return this.call(DryRunResultSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/rollout`, {
      method: 'POST',
      body: { ...request, revision, dryRun: true }
    });
  }

  /** Traffic and shadow as they were before the last rollout; 409 nothing_to_roll_back when there is none. */
  async rollback(name: string, guard: RevisionGuard = {}): Promise<Deployment> {
    const revision = await this.revisionOf(name, guard);
    return this.call(DeploymentSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/rollback`, { method: 'POST', body: { revision } });
  }

  /** Removes the endpoint and unloads versions no other deployment uses. */
  async delete(name: string, guard: RevisionGuard = {}): Promise<void> {
    const revision = await this.revisionOf(name, guard);
    await this.callWithoutAnswer(`${DEPLOYMENTS_PATH}/${segment(name)}`, { method: 'DELETE', query: { revision } });
  }

  // ------------------------------------------------------------ predicting

  /**
   * Predictions for rows (`[[1, 2, 3]]`), per-input objects, or entity keys (`{ entities: [{ origin: 'SFO' }] }`);
   * each row gets a prediction id for late labels.
   */
  async predict(name: string, input: PredictInput, options: DeploymentPredictOptions = {}): Promise<PredictResult> {
    const body: object = Array.isArray(input) ? { instances: input } : input;
    if (typeof body !== 'object' || body === null || !('instances' in body || 'entities' in body)) {
      throw new MlportalError('predict takes rows (an array), { instances: [...] } or { entities: [...] }');
    }
    return this.call(PredictResponseSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/predict`, {
      method: 'POST',
      body: options.version === undefined ? body : { ...body, version: options.version }
    });
  }

  /** The deployment's logged predictions, newest first. */
  async predictions(name: string, query: PredictionQuery = {}): Promise<LoggedPrediction[]> {
    const answer = await this.call(LoggedPredictionListSchema, `${DEPLOYMENTS_PATH}/${segment(name)}/predictions`, {
      query: { limit: query.limit, before: query.before }
    });
    return answer.predictions;
  }

  /** One logged prediction by the id predict returned. */
  prediction(id: string): Promise<LoggedPrediction> {
    return this.call(LoggedPredictionSchema, `${PREDICTIONS_PATH}/${segment(id)}`);
  }

  private async revisionOf(name: string, guard: RevisionGuard): Promise<number> {
    return guard.revision ?? (await this.get(name)).revision;
  }
}
