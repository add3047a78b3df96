import {
  deploymentNameProblem,
  type CreateDeploymentRequest,
  type Deployment,
  type DeploymentTarget,
  type GateOverride,
  type GateRequest,
  type Kpi,
  type RolloutRequest
} from '@mlportal/sdk/core';

/** The configure step's form as typed (numbers as text, so half-typed values survive re-renders). */
export interface IConfigDraft {
  name: string;
  description: string;
  /** A rollout's share for the new version: below 100 a canary beside the champion, 100 replaces it. */
  canaryPercent: string;
  replicasMin: string;
  replicasMax: string;
  targetCpuPercent: string;
  maxBatchSize: string;
  maxQueueDelayMs: string;
  /** '' for none, else a version number of the same model. */
  shadowVersion: string;
  target: DeploymentTarget;
  kpiEnabled: boolean;
  kpiLabel: string;
  kpiOutput: string;
  kpiOp: Kpi['op'];
  kpiValue: string;
}

/** The backend's defaults, so an untouched form deploys as the API would. */
export function defaultConfig(name: string, output: string): IConfigDraft {
  return {
    name,
    description: '',
    canaryPercent: '10',
    replicasMin: '1',
    replicasMax: '1',
    targetCpuPercent: '70',
    maxBatchSize: '32',
    maxQueueDelayMs: '2',
    shadowVersion: '',
    target: 'local',
    kpiEnabled: false,
    kpiLabel: '',
    kpiOutput: output,
    kpiOp: '>',
    kpiValue: ''
  };
}

/** What the deploy step sends: a new deployment, or a rollout to the one of that name. */
export type DeployRequest =
  | { kind: 'create'; request: CreateDeploymentRequest }
  | { kind: 'rollout'; name: string; request: RolloutRequest };

export interface IDeployContext {
  model: string;
  version: number;
  gate: GateRequest;
  /** Only when the gate failed and the user gave a reason. */
  override: GateOverride | undefined;
  /** The deployment of the chosen name, when it exists: then it is a rollout. */
  existing: Deployment | null;
}

/** The request the form describes, or the first problem, naming the field. */
export function deployRequest(draft: IConfigDraft, context: IDeployContext): DeployRequest | { problem: string } {
  const name = draft.name.trim();
  const nameProblem = deploymentNameProblem(name);
  if (nameProblem) {
    return { problem: `Name: ${nameProblem}.` };
  }
  const common = { model: context.model, version: context.version, gate: context.gate, ...(context.override ? { override: context.override } : {}) };
  if (context.existing) {
    const percent = whole(draft.canaryPercent, 'Canary share', 1, 100);
    if (typeof percent === 'string') {
      return { problem: percent };
    }
    if (context.existing.traffic.some(entry => entry.model === context.model && entry.version === context.version) && percent < 100) {
      return { problem: `v${context.version} already serves ${name}: roll it out at 100% or choose another version.` };
    }
    return { kind: 'rollout', name, request: { ...common, percent, revision: context.existing.revision } };
  }
  const numbers = {
    replicasMin: whole(draft.replicasMin, 'Replicas (min)', 1, 100),
    replicasMax: whole(draft.replicasMax, 'Replicas (max)', 1, 100),
    targetCpuPercent: whole(draft.targetCpuPercent, 'Target CPU', 10, 100),
    maxBatchSize: whole(draft.maxBatchSize, 'Max batch size', 1, 1024),
    maxQueueDelayMs: whole(draft.maxQueueDelayMs, 'Max queue delay', 0, 1000)
  };
  for (const value of Object.values(numbers)) {
    if (typeof value === 'string') {
      return { problem: value };
    }
  }
  const n = numbers as Record<keyof typeof numbers, number>;
  if (n.replicasMax < n.replicasMin) {
    return { problem: `Replicas (max) ${n.replicasMax} is below replicas (min) ${n.replicasMin}.` };
  }
  const shadow = draft.shadowVersion === '' ? null : Number(draft.shadowVersion);
  if (shadow === context.version) {
    return { problem: 'The shadow version is the version deployed: choose another one, or none.' };
  }
  const kpi = draft.kpiEnabled ? kpiOf(draft) : null;
  if (typeof kpi === 'string') {
    return { problem: kpi };
  }
  return {
    kind: 'create',
    request: {
      ...common,
      name,
      description: draft.description.trim(),
      replicas: { min: n.replicasMin, max: n.replicasMax, targetCpuPercent: n.targetCpuPercent },
      batching: { maxBatchSize: n.maxBatchSize, maxQueueDelayMs: n.maxQueueDelayMs },
      target: draft.target,
      shadow: shadow === null ? null : { model: context.model, version: shadow },
      kpi
    }
  };
}

function kpiOf(draft: IConfigDraft): Kpi | string {
  if (!draft.kpiLabel.trim()) {
    return 'Business KPI: give it a label, e.g. "share of flights predicted late".';
  }
  if (!draft.kpiOutput) {
    return 'Business KPI: choose the output it counts.';
  }
  const value = Number(draft.kpiValue.trim());
  if (draft.kpiValue.trim() === '' || !Number.isFinite(value)) {
    return `Business KPI: "${draft.kpiValue}" is not a number.`;
  }
  return { label: draft.kpiLabel.trim(), output: draft.kpiOutput, op: draft.kpiOp, value };
}

/** The whole number typed, or a sentence naming the field and its range. */
function whole(text: string, field: string, min: number, max: number): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return `${field}: "${text}" is not a whole number from ${min} to ${max}.`;
  }
  return value;
}
