/**
 * The in-process inference runtime: a pool of worker threads, each holding one onnxruntime
 * session per loaded model version (created once, reused), with a dynamic batcher per version in
 * front. Inference never runs on the caller's event loop. A worker that dies is replaced and the
 * loaded versions are reloaded into the replacement; requests that were on it are rejected.
 */
import { InvalidModelError } from '../../registry/errors';
import type { Signature } from '@mlportal/contract';
import { Batcher, DEFAULT_BATCHING, type BatcherStats, type BatchingOptions } from './batcher';
import { InferenceFailedError, PoolClosedError, VersionNotLoadedError, WorkerCrashedError } from './errors';
import { canBatch, prepareFeeds } from './tensors';
import { planThreads, type ThreadPlan } from './threads';
import type { Feeds, FromWorker, Outputs, WireFeeds, WorkerStartData } from './types';
import { DEFAULT_WORKER_SCRIPT, WorkerHandle } from './worker-handle';

export interface InferencePoolOptions {
  /** Worker threads; with intraOpThreads, sized so workers × threads fit os.availableParallelism(). */
  workers?: number;
  /** onnxruntime intra-op threads per session (inter-op is always 1). */
  intraOpThreads?: number;
  /** Batching for versions loaded without their own options. */
  batching?: Partial<BatchingOptions>;
  /** The worker thread's module; tests pass a wrapper around the default to make a worker misbehave. */
  workerScript?: string;
}

export interface PoolStats {
  workers: number;
  intraOpThreads: number;
  /** Workers that died and were replaced since start. */
  workerRestarts: number;
  /** Runs sent to onnxruntime across all versions. */
  runs: number;
}

interface LoadedVersion {
  model: Uint8Array;
  ready: Promise<Signature>;
  signature?: Signature;
  batcher?: Batcher;
}

/** A replacement that dies before it is ready this many times in a row means the next one would too. */
const MAX_FAILED_REPLACEMENTS = 3;

export class InferencePool {
  /** Every thread not yet ended; `ready` and `starting` are the ones that take work now or soon. */
  private readonly spawned = new Set<WorkerHandle>();
  private readonly ready: WorkerHandle[] = [];
  private readonly starting = new Set<WorkerHandle>();
  private readonly versions = new Map<string, LoadedVersion>();
  private readonly workerWaiters: Array<{ resolve(handle: WorkerHandle): void; reject(error: Error): void }> = [];
  private readonly counts = { workerRestarts: 0, runs: 0, failedReplacements: 0 };
  private closed = false;

  private constructor(
    private readonly plan: ThreadPlan,
    private readonly batching: BatchingOptions,
    private readonly workerScript: string
  ) {}

  static async start(options: InferencePoolOptions = {}): Promise<InferencePool> {
    const plan = planThreads({ workers: options.workers, intraOpThreads: options.intraOpThreads });
    const pool = new InferencePool(plan, { ...DEFAULT_BATCHING, ...options.batching }, options.workerScript ?? DEFAULT_WORKER_SCRIPT);
    const handles = Array.from({ length: plan.workers }, () => pool.spawn());
    try {
      // A round trip proves each thread booted (its script loaded and listens) before anyone relies on it.
      await Promise.all(handles.map((handle) => expectReply(handle.send({ type: 'unload', versionKey: '' }), 'unloaded')));
    } catch (error) {
      await pool.close();
      throw new Error(`inference pool: a worker did not start: ${(error as Error).message}`, { cause: error });
    }
    for (const handle of handles) pool.becomeReady(handle);
    return pool;
  }

  /**
   * Loads a model version into every worker (idempotent: a second call for the same key returns
   * the first load) and answers its signature. Throws InvalidModelError when onnxruntime refuses it.
   */
  load(versionKey: string, model: Uint8Array, batching?: Partial<BatchingOptions>): Promise<Signature> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    const existing = this.versions.get(versionKey);
    if (existing) return existing.ready;
    const entry = { model } as LoadedVersion;
    this.versions.set(versionKey, entry);
    entry.ready = this.loadEverywhere(versionKey, entry, { ...this.batching, ...batching });
    return entry.ready;
  }

  private async loadEverywhere(versionKey: string, entry: LoadedVersion, batching: BatchingOptions): Promise<Signature> {
    const workers = [...this.ready, ...this.starting];
    const replies = await Promise.allSettled(workers.map((handle) => this.loadInto(handle, versionKey, entry.model)));
    const refused = replies.find((reply): reply is PromiseRejectedResult => reply.status === 'rejected');
    if (refused || this.versions.get(versionKey) !== entry) {
      if (this.versions.get(versionKey) === entry) this.versions.delete(versionKey);
      await Promise.allSettled(workers.map((handle) => handle.send({ type: 'unload', versionKey })));
      if (!refused) throw new VersionNotLoadedError(versionKey);
      throw refused.reason;
    }
    const signature = (replies[0] as PromiseFulfilledResult<Signature>).value;
    entry.signature = signature;
    // A replacement started during this load reloaded only versions that had finished loading: add this one.
    const late = [...this.ready, ...this.starting].filter((handle) => !workers.includes(handle));
    await Promise.allSettled(late.map((handle) => this.loadInto(handle, versionKey, entry.model)));
    entry.batcher = new Batcher(canBatch(signature), batching, {
      run: (feeds) => this.runOnWorker(versionKey, feeds),
      slots: () => this.ready.length
    });
    return signature;
  }

  private async loadInto(handle: WorkerHandle, versionKey: string, model: Uint8Array): Promise<Signature> {
    const reply = await handle.send({ type: 'load', versionKey, model });
    if (reply.type === 'failed')
      throw new InvalidModelError(`onnxruntime could not load model version ${versionKey}: ${reply.message}`, 'model_does_not_load');
    return (reply as Extract<FromWorker, { type: 'loaded' }>).signature;
  }

  /** The signature of a loaded version (waits for its load to finish). */
  async signature(versionKey: string): Promise<Signature> {
    const entry = this.versions.get(versionKey);
    if (!entry) throw new VersionNotLoadedError(versionKey);
    return entry.ready;
  }

  isLoaded(versionKey: string): boolean {
    return this.versions.get(versionKey)?.batcher !== undefined;
  }

  /**
   * Runs one request. Its inputs are checked against the version's signature first (InvalidInputError
   * names the input); it may share a run with other requests of the same version.
   */
  async infer(versionKey: string, feeds: Feeds): Promise<Outputs> {
    if (this.closed) throw new PoolClosedError();
    return this.inferChecked(versionKey, prepareFeeds(await this.signature(versionKey), feeds));
  }

  /** Runs feeds already checked against the version's signature with prepareFeeds (by a caller that keeps them, as the engine does for the log). */
  async inferChecked(versionKey: string, feeds: WireFeeds): Promise<Outputs> {
    if (this.closed) throw new PoolClosedError();
    const entry = this.versions.get(versionKey);
    if (!entry) throw new VersionNotLoadedError(versionKey);
    await entry.ready;
    return entry.batcher!.submit(feeds);
  }

  /** Drops a version from every worker; its queued requests are rejected, runs in flight finish first. */
  async unload(versionKey: string): Promise<void> {
    const entry = this.versions.get(versionKey);
    if (!entry) return;
    this.versions.delete(versionKey);
    entry.batcher?.close(new VersionNotLoadedError(versionKey));
    await entry.ready.catch(() => undefined);
    await Promise.allSettled([...this.ready, ...this.starting].map((handle) => handle.send({ type: 'unload', versionKey })));
  }

  stats(): PoolStats;
  stats(versionKey: string): BatcherStats;
  stats(versionKey?: string): PoolStats | BatcherStats {
    if (versionKey === undefined) {
      return {
        workers: this.ready.length,
        intraOpThreads: this.plan.intraOpThreads,
        workerRestarts: this.counts.workerRestarts,
        runs: this.counts.runs
      };
    }
    const batcher = this.versions.get(versionKey)?.batcher;
    if (!batcher) throw new VersionNotLoadedError(versionKey);
    return batcher.stats();
  }

  /** Threads not yet ended (ready, being started, or being stopped). */
  liveWorkers(): number {
    return this.all.filter((handle) => handle.alive).length;
  }

  /** Rejects what is queued or running with PoolClosedError and ends every worker thread. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new PoolClosedError();
    for (const entry of this.versions.values()) entry.batcher?.close(error);
    this.versions.clear();
    for (const waiter of this.workerWaiters.splice(0)) waiter.reject(error);
    const handles = this.all;
    this.ready.length = 0;
    this.starting.clear();
    await Promise.all(handles.map((handle) => handle.stop(error)));
  }

  private get all(): WorkerHandle[] {
    return [...this.spawned];
  }

  private spawn(): WorkerHandle {
    const data: WorkerStartData = { threads: { intraOpNumThreads: this.plan.intraOpThreads, interOpNumThreads: 1 } };
    const handle = new WorkerHandle(this.workerScript, data, (dead, cause) => this.replace(dead, cause));
    this.spawned.add(handle);
    void handle.exited.then(() => this.spawned.delete(handle));
    return handle;
  }

  private becomeReady(handle: WorkerHandle): void {
    this.starting.delete(handle);
    if (this.closed || !handle.alive) return;
    this.ready.push(handle);
    const waiter = this.workerWaiters.shift();
    if (waiter) waiter.resolve(handle);
  }

  private replace(dead: WorkerHandle, cause: string): void {
    const readyAt = this.ready.indexOf(dead);
    const wasReady = readyAt >= 0;
    if (wasReady) this.ready.splice(readyAt, 1);
    this.starting.delete(dead);
    if (this.closed) return;
    this.counts.workerRestarts++;
    if (!wasReady) this.counts.failedReplacements++;
    if (this.counts.failedReplacements >= MAX_FAILED_REPLACEMENTS) {
      // Every replacement dies while loading: stop trying rather than spin; say why to whoever waits.
      const error = new WorkerCrashedError(`replacement workers keep failing, last: ${cause}`);
      if (this.ready.length === 0) for (const waiter of this.workerWaiters.splice(0)) waiter.reject(error);
      return;
    }
    const handle = this.spawn();
    this.starting.add(handle);
    const loaded = [...this.versions.entries()].filter(([, entry]) => entry.signature);
    const loads = loaded.map(([versionKey, entry]) => this.loadInto(handle, versionKey, entry.model));
    void Promise.all([expectReply(handle.send({ type: 'unload', versionKey: '' }), 'unloaded'), ...loads]).then(
      () => {
        this.counts.failedReplacements = 0;
        this.becomeReady(handle);
      },
      () => {
        // A thread that crashed is replaced by its exit handler; one that answered with an error is stopped here.
        if (handle.alive)
          void handle
            .stop(new WorkerCrashedError('the replacement worker could not reload the models'))
            .then(() => this.replace(handle, 'reload failed'));
      }
    );
  }

  private async runOnWorker(versionKey: string, feeds: WireFeeds): Promise<Outputs> {
    const handle = await this.idleWorker();
    this.counts.runs++;
    const reply = await handle.send({ type: 'run', versionKey, feeds });
    if (reply.type === 'failed') {
      if (reply.code === 'version_not_loaded') throw new VersionNotLoadedError(versionKey);
      throw new InferenceFailedError(versionKey, reply.message);
    }
    return (reply as Extract<FromWorker, { type: 'ran' }>).outputs;
  }

  /** The ready worker with the fewest jobs waiting; when none is ready (all being replaced), the next one that is. */
  private idleWorker(): Promise<WorkerHandle> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    const best = this.ready.reduce<WorkerHandle | undefined>(
      (chosen, handle) => (!chosen || handle.pending < chosen.pending ? handle : chosen),
      undefined
    );
    if (best) return Promise.resolve(best);
    if (this.counts.failedReplacements >= MAX_FAILED_REPLACEMENTS)
      return Promise.reject(new WorkerCrashedError('no inference worker could be started'));
    return new Promise((resolve, reject) => this.workerWaiters.push({ resolve, reject }));
  }
}

async function expectReply(reply: Promise<FromWorker>, type: FromWorker['type']): Promise<void> {
  const answer = await reply;
  if (answer.type !== type) throw new Error(answer.type === 'failed' ? answer.message : `unexpected reply ${answer.type}`);
}
