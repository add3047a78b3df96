import type { DeploymentEvent, DeploymentWithStats } from '@mlportal/sdk/core';
import type { IProblem } from '../ui/problem';
import type { IDeploymentsPermissions } from './permissions';

export interface IDeploymentListState {
  deployments: DeploymentWithStats[];
  loading: boolean;
  problem: IProblem | null;
  /** True once a first answer (or failure) came, so an empty list is not mistaken for "no deployments". */
  done: boolean;
}

/** A deployment's recorded events, read when its events are opened. */
export interface IEventsState {
  events: DeploymentEvent[];
  loading: boolean;
  problem: IProblem | null;
}

/** The outcome of the last rollback or delete. */
export interface IDeploymentAction {
  busy: boolean;
  message: string | null;
  problem: IProblem | null;
}

export interface IDeploymentsState {
  list: IDeploymentListState;
  /** By deployment name: the events shown. */
  events: Record<string, IEventsState>;
  action: IDeploymentAction;
  permissions: IDeploymentsPermissions | null;
}

export const IDLE_DEPLOYMENT_ACTION: IDeploymentAction = { busy: false, message: null, problem: null };
