import type { Comparison, ModelVersion, RegisteredModel, VersionLineage } from '@mlportal/sdk/core';
import type { IProblem } from '../ui/problem';
import type { IRegistryPermissions } from './permissions';

export interface IModelListState {
  query: string;
  loading: boolean;
  models: RegisteredModel[];
  problem: IProblem | null;
  /** False until the first answer, so an empty list is not mistaken for "no models". */
  done: boolean;
}

/** A model with its versions, newest first. */
export interface IModelPage {
  kind: 'model';
  name: string;
  loading: boolean;
  model: RegisteredModel | null;
  versions: ModelVersion[];
  /** Versions ticked for comparison, at most two, in the order ticked. */
  compareSelection: number[];
  problem: IProblem | null;
}

/** One version: signature, metrics, params, tags, card, lineage, and the actions on it. */
export interface IVersionPage {
  kind: 'version';
  name: string;
  version: number;
  loading: boolean;
  model: RegisteredModel | null;
  detail: ModelVersion | null;
  /** The run and training set behind it; null when not (yet) read. */
  lineage: VersionLineage | null;
  problem: IProblem | null;
}

/** Two versions side by side. */
export interface IComparePage {
  kind: 'compare';
  name: string;
  versions: number[];
  loading: boolean;
  comparison: Comparison | null;
  problem: IProblem | null;
}

export type IRegistryPage = IModelPage | IVersionPage | IComparePage;

/** The last change the user asked for (stage, alias). */
export interface IActionState {
  busy: boolean;
  problem: IProblem | null;
  /** The backend refused with 409 stale_revision: the page shows an older state than the registry's. */
  stale: boolean;
  /** What the last successful change did, in words. */
  done: string | null;
}

/** A snapshot of the sidebar; replaced (never mutated) on each change. */
export interface IRegistryState {
  list: IModelListState;
  /** The open page; null shows the model list. */
  page: IRegistryPage | null;
  action: IActionState;
  /** Null while the token's identity is unknown. */
  permissions: IRegistryPermissions | null;
}

export const IDLE_ACTION: IActionState = { busy: false, problem: null, stale: false, done: null };
