/**
 * The prediction log: every predicted row (primary, canary and shadow) becomes one document in
 * serving_predictions, written off the request path in batches: the queue is flushed every 200 ms
 * or as soon as it holds 500 rows, one store write per batch, and listeners (monitoring) hear of
 * each batch once it is stored. close() writes what is still queued.
 *
 * The request path only queues the served request (one array push); its rows become documents
 * when the batch is written, a batch at a time (≤ maxBatchRows rows, one transaction each), and
 * the log yields to the event loop before each batch so answers waiting behind it go out first.
 */
import type { Logger } from '../../platform/logging';
import type { Collection, DocumentStore, Filter } from '../../platform/store/port';
import type { ServedRequest } from '../engine';
import {
  appendPredictionDocuments,
  PREDICTIONS_COLLECTION,
  toLoggedPrediction,
  type PredictionDocument,
  type StoredPrediction
} from './records';
import type { LoggedPrediction, PredictionRole } from '@mlportal/contract';

export type LoggedListener = (batch: LoggedPrediction[]) => void;

export interface PredictionLogOptions {
  flushIntervalMs?: number;
  maxBatchRows?: number;
  /** Rows waiting to be written (queued or being written) beyond this are dropped and the loss is logged: the store cannot keep up, and memory stays bounded. */
  maxQueuedRows?: number;
}

/** A served request waiting to be logged: its first `rows` rows (fewer than all when the queue was full). */
interface Queued {
  served: ServedRequest;
  rows: number;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class PredictionLog {
  private readonly predictions: Collection<PredictionDocument>;
  private readonly listeners = new Set<LoggedListener>();
  private queue: Queued[] = [];
  /** Rows recorded and not yet taken by a flush. */
  private queuedRows = 0;
  /** Rows taken by a flush and not yet written. */
  private writingRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dropped = 0;
  private readonly flushIntervalMs: number;
  private readonly maxBatchRows: number;
  private readonly maxQueuedRows: number;

  constructor(
    store: DocumentStore,
    private readonly logger: Logger,
    options: PredictionLogOptions = {}
  ) {
    this.predictions = store.collection<PredictionDocument>(PREDICTIONS_COLLECTION);
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBatchRows = options.maxBatchRows ?? 500;
    this.maxQueuedRows = options.maxQueuedRows ?? 100_000;
  }

  async prepare(): Promise<void> {
    await this.predictions.ensureIndex({ fields: ['deployment', 'at'] });
    await this.predictions.ensureIndex({ fields: ['deployment', 'role', 'at'] });
  }

  /** The engine's onServed: queues the request's rows; never throws, never waits. */
  record(served: ServedRequest): void {
    const rows = served.predictionIds.length;
    const kept = Math.min(rows, Math.max(this.maxQueuedRows - this.queuedRows - this.writingRows, 0));
    this.dropped += rows - kept;
    if (kept > 0) {
      this.queue.push({ served, rows: kept });
      this.queuedRows += kept;
    }
    if (this.queuedRows >= this.maxBatchRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs).unref();
  }

  /** Writes everything queued so far; resolves once it is stored and the listeners were told. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const requests = this.queue;
    const rows = this.queuedRows;
    this.queue = [];
    this.queuedRows = 0;
    this.writingRows += rows;
    this.writing = this.writing
      .then(() => this.write(requests))
      .finally(() => {
        this.writingRows -= rows;
      });
    return this.writing;
  }

  onLogged(listener: LoggedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The stored predictions among `ids` (unknown ids are left out), in the order asked. */
  async get(ids: string[]): Promise<LoggedPrediction[]> {
    const found = new Map<string, LoggedPrediction>();
    for (let start = 0; start < ids.length; start += this.maxBatchRows) {
      const chunk = ids.slice(start, start + this.maxBatchRows);
      for (const doc of await this.predictions.find({ _id: { $in: chunk } })) found.set(doc._id, toLoggedPrediction(doc));
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** Newest first. */
  async list(deployment: string, options: { limit: number; before?: string; role?: PredictionRole }): Promise<LoggedPrediction[]> {
    const filter: Filter = { deployment };
    if (options.role) filter.role = options.role;
    if (options.before) filter.at = { $lt: new Date(options.before).toISOString() };
    const docs = await this.predictions.find(filter, { sort: { at: -1 }, limit: options.limit });
    return docs.map(toLoggedPrediction);
  }

  /** Stops the timer and writes what is queued. */
  async close(): Promise<void> {
    await this.flush();
  }

  private async write(requests: Queued[]): Promise<void> {
    if (this.dropped > 0) {
      this.logger.error({ dropped: this.dropped }, 'serving: predictions were dropped from the log; the store is not keeping up');
      this.dropped = 0;
    }
    // Where the next batch starts: request `index`, row `row` of it (a request may span batches).
    let index = 0;
    let row = 0;
    while (index < requests.length) {
      await nextTurn();
      const batch: StoredPrediction[] = [];
      while (index < requests.length && batch.length < this.maxBatchRows) {
        const { served, rows } = requests[index];
        const to = Math.min(rows, row + this.maxBatchRows - batch.length);
        try {
          appendPredictionDocuments(batch, served, row, to);
        } catch (err) {
          this.logger.error(
            { err, deployment: served.deployment, requestId: served.requestId },
            'serving: a served request could not be logged'
          );
          index++;
          row = 0;
          continue;
        }
        if (to < rows) {
          row = to;
        } else {
          index++;
          row = 0;
        }
      }
      if (batch.length === 0) continue;
      try {
        await this.predictions.insertMany(batch);
      } catch (err) {
        this.logger.error({ err, rows: batch.length }, 'serving: writing predictions to the log failed; they are lost');
        continue;
      }
      this.tell(batch);
    }
  }

  private tell(batch: StoredPrediction[]): void {
    if (this.listeners.size === 0) return;
    const logged = batch.map(toLoggedPrediction);
    for (const listener of this.listeners) {
      try {
        listener(logged);
      } catch (err) {
        this.logger.error({ err }, 'serving: a prediction-log listener failed');
      }
    }
  }
}
