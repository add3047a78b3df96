/**
 * Runs: create, read, update, log params/metrics/tags, metric history, search. Logging is
 * concurrent (no revision from callers): each write merges into the run as stored and retries
 * when another write got there first.
 */
import { randomUUID } from 'node:crypto';
import { parsePart } from '../api/validation';
import { NotFoundError, StaleRevisionError } from '../platform/errors';
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import { COLLECTIONS, toRun, type Actor, type MetricPointDocument, type RunDocument } from './documents';
import type { Experiments } from './experiments';
import { fieldNameOf, toEntries, type Entries } from './keys';
import { checkKey, checkLog } from './log-input';
import { mergeLog } from './log-merge';
import {
  type CreateRunRequest,
  CreateRunRequestSchema,
  DEFAULT_EXPERIMENT_ID,
  type LogRunRequest,
  type MetricHistory,
  type MetricValue,
  type Run,
  RUN_ID_PATTERN,
  type RunList,
  type RunOrigin,
  type RunStatus,
  type SearchRunsRequest,
  SearchRunsRequestSchema,
  TERMINAL_STATUSES,
  TRACKING_LIMITS,
  type UpdateRunRequest,
  UpdateRunRequestSchema
} from '@mlportal/contract';
import { parseFilter } from './search/filter';
import { parseOrderBy } from './search/order-by';
import { decodePageToken, encodePageToken, searchFingerprint } from './search/page-token';
import { planSearch } from './search/plan';
import { scanPage } from './search/scan';

/** Concurrent writers to one run each retry this often before the conflict surfaces. */
const MAX_WRITE_ATTEMPTS = 20;
/** Search indexes made on demand (per sorted or compared field), at most this many per process. */
const MAX_SEARCH_INDEXES = 64;

export interface NewRun {
  experimentId: string;
  name: string;
  status?: RunStatus;
  startTime: string;
  endTime?: string;
  createdBy: string;
  params?: Record<string, string>;
  metrics?: Record<string, MetricValue>;
  tags?: Record<string, string>;
  origin?: RunOrigin;
}

/** A run document as stored (also what the benchmark writes in bulk). */
export function newRunDocument(run: NewRun): RunDocument {
  const metrics: Entries<MetricValue> = {};
  for (const [key, value] of Object.entries(run.metrics ?? {})) metrics[fieldNameOf(key)] = { key, ...value };
  return {
    experimentId: run.experimentId,
    name: run.name,
    status: run.status ?? 'RUNNING',
    startTime: run.startTime,
    ...(run.endTime !== undefined ? { endTime: run.endTime } : {}),
    createdBy: run.createdBy,
    lifecycleStage: 'active',
    params: toEntries(run.params ?? {}),
    metrics,
    tags: toEntries(run.tags ?? {}),
    origin: run.origin ?? {},
    updatedAt: run.startTime
  };
}

export function newRunId(): string {
  return randomUUID().replace(/-/g, '');
}

export class Runs {
  private readonly runs: Collection<RunDocument>;
  private readonly points: Collection<MetricPointDocument>;
  private readonly searchIndexes = new Set<string>();

  constructor(
    store: DocumentStore,
    private readonly experiments: Experiments,
    private readonly now: () => Date
  ) {
    this.runs = store.collection<RunDocument>(COLLECTIONS.runs);
    this.points = store.collection<MetricPointDocument>(COLLECTIONS.metricPoints);
  }

  async prepare(): Promise<void> {
    await this.ensureSearchIndexes(['startTime']);
    await this.points.ensureIndex({ fields: ['runId', 'key', 'step', 'timestamp'] });
  }

  /** The collection runs live in (the benchmark seeds it directly). */
  get collection(): Collection<RunDocument> {
    return this.runs;
  }

  async create(request: CreateRunRequest = {}, actor: Actor): Promise<Run> {
    const checked = parsePart(CreateRunRequestSchema, 'body', request);
    const experimentId = checked.experimentId ?? DEFAULT_EXPERIMENT_ID;
    await this.experiments.require(experimentId);
    const id = newRunId();
    const doc = newRunDocument({
      experimentId,
      name: checked.name ?? `run-${id.slice(0, 8)}`,
      startTime: checked.startTime ? new Date(checked.startTime).toISOString() : this.now().toISOString(),
      createdBy: actor,
      tags: checked.tags,
      origin: checked.origin
    });
    return toRun(await this.runs.insert({ _id: id, ...doc, updatedAt: this.now().toISOString() }));
  }

  async get(id: string): Promise<Run> {
    return toRun(await this.require(id));
  }

  /** Status, end time, name; origin fields are merged. A run that ends gets an end time (now) unless it has one. */
  async update(id: string, request: UpdateRunRequest, _actor?: Actor): Promise<Run> {
    const checked = parsePart(UpdateRunRequestSchema, 'body', request);
    const updated = await this.modify(id, undefined, (run) => {
      const ends = checked.status !== undefined && TERMINAL_STATUSES.has(checked.status) && run.endTime === undefined;
      const endTime = checked.endTime !== undefined ? new Date(checked.endTime).toISOString() : ends ? this.now().toISOString() : undefined;
      return {
        ...(checked.status !== undefined ? { status: checked.status } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
        ...(checked.name !== undefined ? { name: checked.name } : {}),
        ...(checked.origin !== undefined ? { origin: { ...run.origin, ...checked.origin } } : {})
      };
    });
    return toRun(updated);
  }

  /**
   * Params (never changed: another value → 409 naming the key), metric values (each also kept in
   * the metric's history) and tags. All or nothing: everything is checked first, and the history
   * points of a call that fails are removed again.
   */
  async log(id: string, request: LogRunRequest, _actor?: Actor): Promise<Run> {
    const checked = checkLog(request, this.now);
    const current = await this.require(id);
    mergeLog(current, checked);
    const written: Stored<MetricPointDocument>[] = [];
    try {
      for (const metric of checked.metrics) written.push(await this.points.insert({ runId: id, ...metric }));
      return toRun(await this.modify(id, current, (run) => mergeLog(run, checked)));
    } catch (err) {
      for (const point of written) await this.points.delete(point._id, point._rev).catch(() => undefined);
      throw err;
    }
  }

  /** Every logged value of one metric, by step, then timestamp; empty for a key never logged. */
  async metricHistory(id: string, key: string): Promise<MetricHistory> {
    await this.require(id);
    checkKey('metric', key);
    const points = await this.points.find({ runId: id, key }, { sort: { step: 1, timestamp: 1 } });
    return { key, history: points.map(({ value, step, timestamp }) => ({ value, step, timestamp })) };
  }

  async search(request: SearchRunsRequest = {}): Promise<RunList> {
    const checked = parsePart(SearchRunsRequestSchema, 'body', request);
    const plan = planSearch(checked.experimentIds, parseFilter(checked.filter), parseOrderBy(checked.orderBy));
    const fingerprint = searchFingerprint([checked.experimentIds ?? null, checked.filter ?? '', checked.orderBy ?? []]);
    const start = decodePageToken(checked.pageToken, fingerprint);
    await this.ensureSearchIndexes(plan.indexPaths);
    const page = await scanPage(this.runs, plan, start, checked.maxResults ?? TRACKING_LIMITS.defaultMaxResults);
    return {
      runs: page.runs.map(toRun),
      ...(page.next ? { nextPageToken: encodePageToken(page.next, fingerprint) } : {})
    };
  }

  async require(id: string): Promise<Stored<RunDocument>> {
    const stored = RUN_ID_PATTERN.test(id) ? await this.runs.get(id) : null;
    if (!stored) throw new NotFoundError(`no run with id ${JSON.stringify(id)}`, { runId: id });
    return stored;
  }

  /** Read, change, write with the revision read; again when another writer came first. */
  private async modify(id: string, first: Stored<RunDocument> | undefined, change: (run: Stored<RunDocument>) => Partial<RunDocument>) {
    let run = first ?? (await this.require(id));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runs.update(id, run._rev, { ...change(run), updatedAt: this.now().toISOString() });
      } catch (err) {
        if (!(err instanceof StaleRevisionError) || attempt >= MAX_WRITE_ATTEMPTS) throw err;
        run = await this.require(id);
      }
    }
  }

  /**
   * Searches filter by experiment and lifecycle stage and sort by one field: an index on the three
   * lets the store walk matches in order and stop at the page's end (100,000 runs stay fast).
   */
  private async ensureSearchIndexes(paths: string[]): Promise<void> {
    for (const path of paths) {
      if (this.searchIndexes.has(path) || this.searchIndexes.size >= MAX_SEARCH_INDEXES) continue;
      await this.runs.ensureIndex({ fields: ['experimentId', 'lifecycleStage', path] });
      this.searchIndexes.add(path);
    }
  }
}
