/**
 * Turns a parsed search into store queries. The common case runs in the store, so it uses indexes:
 * comparisons on metrics, params, tags and attributes become the store Filter, and the sort is
 * the store's. Only like/ilike (and a second use of one operator on one field) are checked in
 * memory afterwards.
 *
 * Runs lacking the first sort key come last: the query runs in phases, first the runs that have
 * the key (the filter pins its kind, which also lets the SQLite store read the sort from an index
 * instead of sorting every match), then those that lack it.
 */
import type { FieldCondition, Filter } from '../../platform/store/port';
import type { RunDocument } from '../documents';
import type { Stored } from '../../platform/store/port';
import { locate } from './fields';
import type { Clause } from './filter';
import { matchesAll } from './matcher';
import type { OrderKey } from './order-by';

export interface SearchPhase {
  filter: Filter;
  sort: Record<string, 1 | -1>;
}

export interface SearchPlan {
  phases: SearchPhase[];
  /** Clauses the store could not check; undefined when it checks them all. */
  postFilter?: (run: Stored<RunDocument>) => boolean;
  /** Fields worth an index (after experimentId, lifecycleStage) for this search. */
  indexPaths: string[];
}

const START_TIME = 'startTime';
/** Conditions that hold a field to values of one kind, so runs lacking it never match. */
const PINNING_OPS = ['$eq', '$in', '$gt', '$gte', '$lt', '$lte'] as const;

export function planSearch(experimentIds: string[] | undefined, clauses: Clause[], orderBy: OrderKey[]): SearchPlan {
  const base: Filter = { lifecycleStage: 'active' };
  if (experimentIds !== undefined) base.experimentId = experimentIds.length === 1 ? experimentIds[0] : { $in: experimentIds };
  const conditions: Record<string, FieldCondition> = {};
  const inMemory: Clause[] = [];
  const indexPaths = new Set<string>();
  for (const clause of clauses) {
    const location = locate(clause.field);
    const condition = storeCondition(clause, location.alwaysPresent);
    const existing = conditions[location.path] ?? {};
    if (!condition || Object.keys(condition).some((op) => op !== '$exists' && op in existing)) {
      inMemory.push(clause);
      if (!location.alwaysPresent) conditions[location.path] = { ...existing, $exists: true };
      continue;
    }
    conditions[location.path] = { ...existing, ...condition };
    if (clause.field.entity === 'metric') indexPaths.add(location.path);
  }

  const keys = orderBy.length > 0 ? orderBy : [{ field: { entity: 'attribute', name: 'start_time' }, descending: true } as OrderKey];
  const sort: Record<string, 1 | -1> = {};
  for (const key of keys) {
    const path = locate(key.field).path;
    if (!(path in sort)) sort[path] = key.descending ? -1 : 1;
  }
  // MLflow's tie-break: the newest run first (the store then breaks ties by id).
  if (!(START_TIME in sort)) sort[START_TIME] = -1;

  const first = locate(keys[0].field);
  const filter: Filter = { ...base, ...conditions };
  const phases: SearchPhase[] = [];
  const own = conditions[first.path];
  if (first.path === '_id' || (own && PINNING_OPS.some((op) => op in own))) {
    phases.push({ filter, sort });
  } else {
    const pin: FieldCondition = { $gte: first.kind === 'number' ? -Number.MAX_VALUE : '' };
    phases.push({ filter: { ...filter, [first.path]: { ...own, ...pin } }, sort });
    if (!first.alwaysPresent && !own) {
      const rest = { ...sort };
      delete rest[first.path];
      phases.push({ filter: { ...filter, [first.path]: { $exists: false } }, sort: rest });
    }
  }
  if (first.path !== '_id') indexPaths.add(first.path);
  return {
    phases,
    postFilter: inMemory.length > 0 ? matchesAll(inMemory) : undefined,
    indexPaths: [...indexPaths]
  };
}

/** The store condition for a clause; undefined for like/ilike, which only memory can check. */
function storeCondition(clause: Clause, alwaysPresent: boolean): FieldCondition | undefined {
  switch (clause.op) {
    case '=':
      return { $eq: clause.value };
    case '!=':
      // MLflow: a run lacking the field does not match a comparison on it.
      return alwaysPresent ? { $ne: clause.value } : { $ne: clause.value, $exists: true };
    case '>':
      return { $gt: clause.value };
    case '>=':
      return { $gte: clause.value };
    case '<':
      return { $lt: clause.value };
    case '<=':
      return { $lte: clause.value };
    default:
      return undefined;
  }
}
