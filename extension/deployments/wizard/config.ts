import type { TranslationBundle } from '@jupyterlab/translation';
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
import { untranslated } from '../../ui/untranslated';

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
  { kind: 'create'; request: CreateDeploymentRequest } | { kind: 'rollout'; name: string; request: RolloutRequest };

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
export function deployRequest(
  draft: IConfigDraft,
  context: IDeployContext,
  trans: TranslationBundle = untranslated
): DeployRequest | { problem: string } {
  const name = draft.name.trim();
  const nameProblem = deploymentNameProblem(name);
  if (nameProblem) {
    return { problem: trans.__('Name: %1.', nameProblem) };
  }
  const common = {
    model: context.model,
    version: context.version,
    gate: context.gate,
    ...(context.override ? { override: context.override } : {})
  };
  if (context.existing) {
    const percent = whole(draft.canaryPercent, trans.__('Canary share'), 1, 100, trans);
    if (typeof percent === 'string') {
      return { problem: percent };
    }
    if (context.existing.traffic.some((entry) => entry.model === context.model && entry.version === context.version) && percent < 100) {
      return { problem: trans.__('v%1 already serves %2: roll it out at 100%% or choose another version.', context.version, name) };
    }
    return { kind: 'rollout', name, request: { ...common, percent, revision: context.existing.revision } };
  }
  const numbers = {
    replicasMin: whole(draft.replicasMin, trans.__('Replicas (min)'), 1, 100, trans),
    replicasMax: whole(draft.replicasMax, trans.__('Replicas (max)'), 1, 100, trans),
    targetCpuPercent: whole(draft.targetCpuPercent, trans.__('Target CPU'), 10, 100, trans),
    maxBatchSize: whole(draft.maxBatchSize, trans.__('Max batch size'), 1, 1024, trans),
    maxQueueDelayMs: whole(draft.maxQueueDelayMs, trans.__('Max queue delay'), 0, 1000, trans)
  };
  for (const value of Object.values(numbers)) {
    if (typeof value === 'string') {
      return { problem: value };
    }
  }
  const n = numbers as Record<keyof typeof numbers, number>;
  if (n.replicasMax < n.replicasMin) {
    return { problem: trans.__('Replicas (max) %1 is below replicas (min) %2.', n.replicasMax, n.replicasMin) };
  }
  const shadow = draft.shadowVersion === '' ? null : Number(draft.shadowVersion);
  if (shadow === context.version) {
    return { problem: trans.__('The shadow version is the version deployed: choose another one, or none.') };
  }
  const kpi = draft.kpiEnabled ? kpiOf(draft, trans) : null;
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

function kpiOf(draft: IConfigDraft, trans: TranslationBundle): Kpi | string {
  if (!draft.kpiLabel.trim()) {
    return trans.__('Business KPI: give it a label, e.g. "share of flights predicted late".');
  }
  if (!draft.kpiOutput) {
    return trans.__('Business KPI: choose the output it counts.');
  }
  const value = Number(draft.kpiValue.trim());
  if (draft.kpiValue.trim() === '' || !Number.isFinite(value)) {
    return trans.__('Business KPI: "%1" is not a number.', draft.kpiValue);
  }
  return { label: draft.kpiLabel.trim(), output: draft.kpiOutput, op: draft.kpiOp, value };
}

/** The whole number typed, or a sentence naming the field (translated) and its range. */
function whole(text: string, field: string, min: number, max: number, trans: TranslationBundle): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return trans.__('%1: "%2" is not a whole number from %3 to %4.', field, text, min, max);
  }
  return value;
}
