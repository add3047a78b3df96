import type { FeatureType, Group, GroupVersion, Preview, SearchHit, Usage } from '@mlportal/sdk/core';
import type { IProblem } from '../ui/problem';

/** The search box and its filters; an empty string means "any". */
export interface ISearchFilters {
  q: string;
  tag: string;
  owner: string;
  entity: string;
  type: FeatureType | '';
}

/** The choices offered by the filter menus, read from the catalog. */
export interface IFacets {
  tags: string[];
  owners: string[];
  entities: string[];
}

export interface ISearchState {
  loading: boolean;
  hits: SearchHit[];
  /** Every match, of which `hits` are the best. */
  total: number;
  problem: IProblem | null;
  /** False until the first answer, so an empty list is not mistaken for "nothing found". */
  done: boolean;
}

/** A feature group's page. */
export interface IGroupPage {
  name: string;
  loading: boolean;
  group: Group | null;
  /** The current version, with per-feature statistics. */
  version: GroupVersion | null;
  usage: Usage | null;
  /** The latest rows; null when not (yet) read or not visible to the token. */
  preview: Preview | null;
  /** Why the group or its statistics could not be shown. */
  problem: IProblem | null;
  /** Why the rows could not be shown (403 for a role that may not read rows). */
  previewProblem: IProblem | null;
  /** The feature the user came for (a feature hit), scrolled to and highlighted. */
  focus: string | null;
}

/** A snapshot of the sidebar; replaced (never mutated) on each change. */
export interface IFeatureDiscoveryState {
  filters: ISearchFilters;
  facets: IFacets;
  search: ISearchState;
  /** The open group page; null shows the search results. */
  page: IGroupPage | null;
  /** Selected "group:feature" references, in the order they were selected. */
  selection: string[];
}

export const EMPTY_FILTERS: ISearchFilters = { q: '', tag: '', owner: '', entity: '', type: '' };

export function featureReference(group: string, feature: string): string {
  return `${group}:${feature}`;
}

/** "group:feature" → its group (a pinned "group@v2:feature" → "group"). */
export function groupOfReference(reference: string): string {
  return reference.slice(0, reference.indexOf(':')).replace(/@v\d+$/, '');
}
