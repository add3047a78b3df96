import type { TranslationBundle } from '@jupyterlab/translation';
import type { DeploymentPlan, DeploymentWithStats, GateResult, ModelVersion, PredictResult, RegisteredModel } from '@mlportal/sdk/core';
import type { IProblem } from '../../ui/problem';
import type { IDeploymentsPermissions } from '../permissions';
import type { IConfigDraft } from './config';
import type { IRuleDraft } from './gate-rules';

export const WIZARD_STEPS = ['model', 'gate', 'configure', 'review', 'live'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** A step's title, in the steps list and above the step. */
export function stepTitle(step: WizardStep, trans: TranslationBundle): string {
  switch (step) {
    case 'model':
      return trans.__('Model & version');
    case 'gate':
      return trans.__('Gate');
    case 'configure':
      return trans.__('Configure');
    case 'review':
      return trans.__('Review');
    case 'live':
      return trans.__('Live');
  }
}

export interface IChoiceState {
  /** Registered model names. */
  models: string[];
  model: string | null;
  registered: RegisteredModel | null;
  /** Newest first. */
  versions: ModelVersion[];
  version: number | null;
  loading: boolean;
  problem: IProblem | null;
}

export interface IGateState {
  rules: IRuleDraft[];
  compareToProduction: boolean;
  /** The last dry run's answer, for the rules as they were then; cleared when they change. */
  result: GateResult | null;
  checking: boolean;
  /** Given only when the gate failed and the token may override it. */
  overrideReason: string;
  problem: IProblem | null;
}

export interface IReviewState {
  plan: DeploymentPlan | null;
  loading: boolean;
  problem: IProblem | null;
}

export interface IDeployState {
  busy: boolean;
  problem: IProblem | null;
  /** The gate the backend refused the deployment with (422 gate_failed). */
  refusedGate: GateResult | null;
}

export interface ILiveState {
  name: string | null;
  deployment: DeploymentWithStats | null;
  problem: IProblem | null;
  /** The test request as typed (JSON). */
  request: string;
  sending: boolean;
  result: PredictResult | null;
  requestProblem: IProblem | null;
  /** Test requests answered since the deployment went live. */
  sent: number;
}

/** A snapshot of the wizard; replaced (never mutated) on each change. */
export interface IWizardState {
  step: WizardStep;
  choice: IChoiceState;
  /** Every deployment (to tell a new one from a rollout). */
  deployments: DeploymentWithStats[];
  gate: IGateState;
  config: IConfigDraft;
  review: IReviewState;
  deploy: IDeployState;
  live: ILiveState;
  permissions: IDeploymentsPermissions | null;
}
