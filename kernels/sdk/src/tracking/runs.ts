import {
  MetricHistorySchema,
  RunArtifactListSchema,
  RunListSchema,
  RunSchema,
  StoredRunArtifactSchema,
  type CreateRunRequest,
  type LogRunRequest,
  type SearchRunsRequest,
  type UpdateRunRequest
} from '@mlportal/contract';
import { asBytes, collectBytes } from '../bytes';
import type { RequestOptions } from '../client';
import { ClientBoundApi, segment } from '../client-bound';
import { MlportalError } from '../errors';
import { currentRun, setCurrentRun, type ActiveRunHandle } from './active';
import { ExperimentsApi } from './experiments';
import { checkArtifactPath, checkKey, chunks, LOG_LIMITS, metricEntries, paramStrings, tagStrings } from './keys';
import type {
  ArtifactEntry,
  LogMetricsOptions,
  MetricHistory,
  MetricsInput,
  ParamValue,
  Run,
  RunOrigin,
  RunPage,
  RunRef,
  RunSearch,
  RunStatus,
  StartRunOptions,
  StoredArtifact
} from './types';

export const RUNS_PATH = '/api/v1/runs';

/** Artifacts take as long as their size; the client's 30 s suits JSON calls only. */
export const ARTIFACT_TIMEOUT_MS = 10 * 60 * 1000;

/** Bytes or text (stored as UTF-8). */
export type ArtifactContent = Uint8Array | ArrayBuffer | string;

/** Name, status, end time (a Date is taken as its ISO-8601 string), or what to merge into the origin. */
export interface RunUpdate extends Omit<UpdateRunRequest, 'endTime'> {
  endTime?: UpdateRunRequest['endTime'] | Date;
}

/** One POST /runs/:id/log: params, metrics and tags together. */
export interface LogBatch extends Pick<LogRunRequest, 'params' | 'tags'> {
  metrics?: MetricsInput;
}

/**
 * The run that runs.start() began: log to it through its methods, or through `runs` without naming
 * it. `info` is the run as the backend last answered.
 */
export class ActiveRun implements ActiveRunHandle {
  readonly id: string;
  readonly experimentId: string;
  readonly url: string;
  info: Run;
  /** #private: printing the run in a notebook shows the run, not the API object behind it. */
  readonly #api: RunsApi;

  constructor(api: RunsApi, run: Run, url: string) {
    this.#api = api;
    this.id = run.id;
    this.experimentId = run.experimentId;
    this.url = url;
    this.info = run;
  }

  logParams(params: Record<string, ParamValue>): Promise<Run> {
    return this.#api.logParams(params, this);
  }

  logMetrics(metrics: MetricsInput, options: LogMetricsOptions = {}): Promise<Run> {
    return this.#api.logMetrics(metrics, options, this);
  }

  setTags(tags: Record<string, string>): Promise<Run> {
    return this.#api.setTags(tags, this);
  }

  uploadArtifact(path: string, content: ArtifactContent): Promise<StoredArtifact> {
    return this.#api.uploadArtifact(path, content, this);
  }

  finish(status: RunStatus = 'FINISHED'): Promise<Run> {
    return this.#api.finish(status, this);
  }

  recordTrainingSet(trainingSetId: string): Promise<Run> {
    return this.#api.update(this, { origin: { trainingSetId } });
  }
}

/**
 * Runs from a notebook, a job or the sidebar: `client.runs`. Browser-safe; the Node entry's
 * NodeRunsApi adds the origin it can detect (notebook, kernel, git commit) and file uploads.
 */
export class RunsApi extends ClientBoundApi {
  /**
   * Starts a run and makes it the active one, which later calls use when they name no run. The
   * experiment is created when missing.
   */
  async start(options: StartRunOptions = {}): Promise<ActiveRun> {
    const tags = options.tags ? tagStrings(options.tags) : undefined;
    const experimentId =
      options.experimentId ?? (options.experiment !== undefined ? (await this.experiments().ensure(options.experiment)).id : undefined);
    const origin: RunOrigin = {
      ...(await this.detectedOrigin()),
      ...options.origin,
      ...(options.trainingSetId ? { trainingSetId: options.trainingSetId } : {})
    };
    const client = this.client();
    const run = await this.call(RunSchema, RUNS_PATH, {
      method: 'POST',
      body: { experimentId, name: options.name, tags, origin } satisfies CreateRunRequest
    });
    const active = new ActiveRun(this, run, client.url);
    setCurrentRun(active);
    return active;
  }

  /** The active run (started by runs.start and not finished), if any. */
  active(): ActiveRun | undefined {
    const run = currentRun();
    return run instanceof ActiveRun ? run : undefined;
  }

  async get(run: RunRef): Promise<Run> {
    return this.call(RunSchema, `${RUNS_PATH}/${segment(runIdOf(run))}`);
  }

  /** Params are write-once: logging a key again with another value is a 409 conflict naming it. */
  async logParams(params: Record<string, ParamValue>, run?: RunRef): Promise<Run> {
    return this.log({ params }, run);
  }

  /** `{ auc: 0.91 }` at options.step (default 0), or entries with their own steps and timestamps. */
  async logMetrics(metrics: MetricsInput, options: LogMetricsOptions = {}, run?: RunRef): Promise<Run> {
    return this.log({ metrics: metricEntries(metrics, options) }, run);
  }

  async setTags(tags: Record<string, string>, run?: RunRef): Promise<Run> {
    return this.log({ tags }, run);
  }

  /**
   * Params, metrics and tags in one call, all or nothing. Beyond the backend's per-call limits
   * (100 params, 1000 metrics, 100 tags) they go in several calls, each all or nothing.
   */
  async log(batch: LogBatch, run?: RunRef): Promise<Run> {
    const id = runIdOf(run);
    const params = Object.entries(batch.params ? paramStrings(batch.params) : {});
    const metrics = batch.metrics ? metricEntries(batch.metrics) : [];
    const tags = Object.entries(batch.tags ? tagStrings(batch.tags) : {});
    const calls: LogRunRequest[] = [];
    const fitsOneCall = params.length <= LOG_LIMITS.params && metrics.length <= LOG_LIMITS.metrics && tags.length <= LOG_LIMITS.tags;
    if (fitsOneCall) {
      calls.push({ params: Object.fromEntries(params), metrics, tags: Object.fromEntries(tags) });
    } else {
      for (const part of chunks(params, LOG_LIMITS.params)) calls.push({ params: Object.fromEntries(part) });
      for (const part of chunks(metrics, LOG_LIMITS.metrics)) calls.push({ metrics: part });
      for (const part of chunks(tags, LOG_LIMITS.tags)) calls.push({ tags: Object.fromEntries(part) });
    }
    let answer: Run | undefined;
    for (const body of calls) {
      answer = await this.call(RunSchema, `${RUNS_PATH}/${segment(id)}/log`, { method: 'POST', body });
    }
    return this.remember(answer ?? (await this.get(id)));
  }

  /** Ends the run (FINISHED, FAILED or KILLED) now; the active run stops being active. */
  async finish(status: RunStatus = 'FINISHED', run?: RunRef): Promise<Run> {
    const id = runIdOf(run);
    const finished = await this.update(id, { status, endTime: new Date() });
    if (currentRun()?.id === id) setCurrentRun(undefined);
    return finished;
  }

  /** Changes name, status, end time, or merges into the origin (no revision: runs log concurrently). */
  async update(run: RunRef, update: RunUpdate): Promise<Run> {
    const { endTime, ...rest } = update;
    const body: UpdateRunRequest = {
      ...rest,
      ...(endTime === undefined ? {} : { endTime: endTime instanceof Date ? endTime.toISOString() : endTime })
    };
    return this.remember(await this.call(RunSchema, `${RUNS_PATH}/${segment(runIdOf(run))}`, { method: 'PATCH', body }));
  }

  /** Every logged value of a metric, by step then timestamp. */
  async metricHistory(key: string, run?: RunRef): Promise<MetricHistory> {
    checkKey('metric', key);
    return this.call(MetricHistorySchema, `${RUNS_PATH}/${segment(runIdOf(run))}/metrics/${segment(key)}`);
  }

  /** One page of runs matching MLflow's filter grammar; pass its nextPageToken for the next. */
  async search(query: RunSearch = {}): Promise<RunPage> {
    const names = query.experiment === undefined ? [] : Array.isArray(query.experiment) ? query.experiment : [query.experiment];
    const experimentIds = [...(query.experimentIds ?? [])];
    for (const name of names) {
      const experiment = await this.experiments().getByName(name);
      if (!experiment) throw new MlportalError(`no experiment is named ${JSON.stringify(name)}`);
      experimentIds.push(experiment.id);
    }
    const orderBy = query.orderBy === undefined ? undefined : Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy];
    return this.call(RunListSchema, `${RUNS_PATH}/search`, {
      method: 'POST',
      body: {
        experimentIds: experimentIds.length > 0 ? experimentIds : undefined,
        filter: query.filter,
        orderBy,
        maxResults: query.maxResults,
        pageToken: query.pageToken
      } satisfies SearchRunsRequest
    });
  }

  /** Stores bytes (or UTF-8 text) under the run at a relative path such as "plots/roc.json". */
  async uploadArtifact(path: string, content: ArtifactContent, run?: RunRef): Promise<StoredArtifact> {
    return this.putArtifact(path, typeof content === 'string' ? new TextEncoder().encode(content) : asBytes(content), run);
  }

  /** One folder level of the run's artifacts (the top level by default). */
  async listArtifacts(prefix?: string, run?: RunRef): Promise<ArtifactEntry[]> {
    if (prefix) checkArtifactPath(prefix);
    const answer = await this.call(RunArtifactListSchema, `${RUNS_PATH}/${segment(runIdOf(run))}/artifacts`, {
      query: { prefix }
    });
    return answer.files;
  }

  /** An artifact's bytes. */
  async downloadArtifact(path: string, run?: RunRef): Promise<Uint8Array> {
    checkArtifactPath(path);
    const download = await this.client().download(`${RUNS_PATH}/${segment(runIdOf(run))}/artifacts/content`, {
      query: { path },
      timeoutMs: ARTIFACT_TIMEOUT_MS
    });
    return collectBytes(download.chunks);
  }

  // ------------------------------------------------------------ for the Node entry

  /** What the SDK knows of where it runs; the Node entry detects notebook, kernel and git commit. */
  protected detectedOrigin(): Promise<RunOrigin> {
    return Promise.resolve({ source: 'sdk' });
  }

  /** PUT of an artifact's body (bytes, or a stream from the Node entry). */
  protected async putArtifact(
    path: string,
    body: unknown,
    run: RunRef | undefined,
    options: Pick<RequestOptions, 'timeoutMs'> = {}
  ): Promise<StoredArtifact> {
    checkArtifactPath(path);
    return this.call(StoredRunArtifactSchema, `${RUNS_PATH}/${segment(runIdOf(run))}/artifacts`, {
      method: 'PUT',
      query: { path },
      upload: { body, contentType: 'application/octet-stream' },
      timeoutMs: options.timeoutMs ?? ARTIFACT_TIMEOUT_MS
    });
  }

  private experiments(): ExperimentsApi {
    return new ExperimentsApi(this.clientSource);
  }

  /** Keeps the active run's info current. */
  private remember(run: Run): Run {
    const active = this.active();
    if (active && active.id === run.id) active.info = run;
    return run;
  }
}

/** The run's id; the active run's when none is given. */
export function runIdOf(run: RunRef | undefined): string {
  if (typeof run === 'string') {
    if (!run) throw new MlportalError('the run id is empty');
    return run;
  }
  if (run) return run.id;
  const active = currentRun();
  if (!active) throw new MlportalError('no run is active: start one with runs.start(), or pass the run to log to');
  return active.id;
}
