/**
 * One worker thread seen from the pool: it numbers the jobs sent to it, matches the replies, and
 * when the thread dies (process.exit, an uncaught error, terminate) rejects every job still
 * waiting on it, so no caller hangs on a dead worker.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkerCrashedError } from './errors';
import type { FromWorker, ToWorker, WorkerStartData } from './types';

type Job = ToWorker extends infer Message ? (Message extends ToWorker ? Omit<Message, 'id'> : never) : never;
type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

/** The compiled build runs worker.js; from sources (jest, register-ts) the .ts file goes through the same transpile hook. */
export const DEFAULT_WORKER_SCRIPT = path.join(__dirname, `worker${path.extname(__filename)}`);
const REGISTER_TS = path.join(__dirname, '..', '..', 'testing', 'register-ts.cjs');

function startThread(script: string, workerData: WorkerStartData): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  // Worker refuses .ts entry points; load the TypeScript hook first, then the script, in the new thread.
  const bootstrap = `require(${JSON.stringify(REGISTER_TS)}); require(${JSON.stringify(script)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class WorkerHandle {
  private readonly thread: Worker;
  private readonly waiting = new Map<number, { resolve(reply: FromWorker): void; reject(error: Error): void }>();
  private nextId = 1;
  private exitCause: string | undefined;
  private stopError: Error | undefined;
  /** Resolves when the thread has ended, however it ended. */
  readonly exited: Promise<void>;

  constructor(script: string, workerData: WorkerStartData, onCrash: (handle: WorkerHandle, cause: string) => void) {
    this.thread = startThread(script, workerData);
    this.thread.on('message', (reply: FromWorker) => {
      const job = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      job?.resolve(reply);
    });
    this.thread.on('error', (err) => {
      this.exitCause = `uncaught error: ${err.message}`;
    });
    this.exited = new Promise((resolve) => {
      this.thread.on('exit', (code) => {
        const cause = this.exitCause ?? `exit code ${code}`;
        this.exitCause = cause;
        for (const job of this.waiting.values()) job.reject(this.stopError ?? new WorkerCrashedError(cause));
        this.waiting.clear();
        if (!this.stopError) onCrash(this, cause);
        resolve();
      });
    });
  }

  get alive(): boolean {
    return this.exitCause === undefined;
  }

  /** Jobs sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  send<T extends FromWorker['type']>(job: Job): Promise<Reply<T> | Reply<'failed'>> {
    if (!this.alive || this.stopError) return Promise.reject(this.stopError ?? new WorkerCrashedError(this.exitCause ?? 'stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (reply: FromWorker) => void, reject });
      this.thread.postMessage({ ...job, id } as ToWorker);
    });
  }

  /** Ends the thread on purpose: jobs still waiting get `reason`, and no crash is reported. */
  async stop(reason: Error): Promise<void> {
    this.stopError = reason;
    // At once, not on exit: an answer that lands while the thread terminates must not reach a caller after the stop.
    for (const job of this.waiting.values()) job.reject(reason);
    this.waiting.clear();
    await this.thread.terminate();
    await this.exited;
  }
}
