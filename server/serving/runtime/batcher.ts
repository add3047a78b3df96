/**
 * Dynamic batching for one model version, Triton-style: a request that finds the version idle
 * runs at once; requests that arrive while batches are in flight wait and are stacked along the
 * batch dimension (up to maxBatchSize rows) when a slot frees, or when the oldest has waited
 * maxQueueDelayMs while other batches still run. A failed batch is retried request by request,
 * so one request the model cannot run on fails alone.
 */
import { PoolClosedError, WorkerCrashedError } from './errors';
import { batchShape, splitOutputs, stackFeeds } from './tensors';
import type { Outputs, WireFeeds } from './types';

export interface BatchingOptions {
  /** Most rows (sum of the requests' first dimensions) in one run; 1 turns batching off. */
  maxBatchSize: number;
  /** How long a waiting request may be held for company while other batches of the version run. */
  maxQueueDelayMs: number;
}

export const DEFAULT_BATCHING: BatchingOptions = { maxBatchSize: 32, maxQueueDelayMs: 2 };

export interface BatcherStats {
  requests: number;
  /** Runs sent to onnxruntime for this version (a batch is one run; a batch retried request by request adds one per request). */
  runs: number;
  /** The most requests stacked into one run so far. */
  largestBatch: number;
  queued: number;
  inFlight: number;
}

interface Waiting {
  feeds: WireFeeds;
  /** Undefined: the request cannot stack with others (the version cannot batch, or its inputs disagree on rows). */
  shape: { rows: number; key: string } | undefined;
  arrivedAt: number;
  resolve(outputs: Outputs): void;
  reject(error: Error): void;
}

export interface BatcherDeps {
  run(feeds: WireFeeds): Promise<Outputs>;
  /** How many batches of this version may run at once (the pool's workers). */
  slots(): number;
}

export class Batcher {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private closedWith: Error | undefined;
  private readonly counts = { requests: 0, runs: 0, largestBatch: 0 };

  constructor(
    private readonly batchable: boolean,
    private readonly options: BatchingOptions,
    private readonly deps: BatcherDeps
  ) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1)
      throw new RangeError(`maxBatchSize must be a whole number ≥ 1, got ${options.maxBatchSize}`);
    if (!(options.maxQueueDelayMs >= 0)) throw new RangeError(`maxQueueDelayMs must be ≥ 0, got ${options.maxQueueDelayMs}`);
  }

  submit(feeds: WireFeeds): Promise<Outputs> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    this.counts.requests++;
    return new Promise((resolve, reject) => {
      const shape = this.batchable && this.options.maxBatchSize > 1 ? batchShape(feeds) : undefined;
      this.queue.push({ feeds, shape, arrivedAt: Date.now(), resolve, reject });
      this.pump();
    });
  }

  stats(): BatcherStats {
    return { ...this.counts, queued: this.queue.length, inFlight: this.inFlight };
  }

  /** Rejects everything still queued with `error` and refuses new requests; batches in flight finish. */
  close(error: Error): void {
    this.closedWith = error;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiting of this.queue.splice(0)) waiting.reject(error);
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (!this.closedWith && this.queue.length > 0 && this.inFlight < Math.max(1, this.deps.slots())) {
      const idle = this.inFlight === 0;
      const batch = this.nextBatch();
      const rows = batch.reduce((sum, waiting) => sum + (waiting.shape?.rows ?? this.options.maxBatchSize), 0);
      const waited = Date.now() - this.queue[0].arrivedAt;
      if (!idle && rows < this.options.maxBatchSize && waited < this.options.maxQueueDelayMs) {
        this.timer = setTimeout(() => this.pump(), this.options.maxQueueDelayMs - waited);
        return;
      }
      for (const waiting of batch) this.queue.splice(this.queue.indexOf(waiting), 1);
      void this.dispatch(batch);
    }
  }

  /** The oldest request and the queued requests that stack with it, within maxBatchSize rows. */
  private nextBatch(): Waiting[] {
    const [head] = this.queue;
    if (!head.shape) return [head];
    const batch = [head];
    let rows = head.shape.rows;
    for (const waiting of this.queue.slice(1)) {
      if (waiting.shape?.key !== head.shape.key || rows + waiting.shape.rows > this.options.maxBatchSize) continue;
      batch.push(waiting);
      rows += waiting.shape.rows;
    }
    return batch;
  }

  private async dispatch(batch: Waiting[]): Promise<void> {
    this.inFlight++;
    try {
      if (batch.length === 1) {
        await this.runAlone(batch[0]);
        return;
      }
      this.counts.runs++;
      this.counts.largestBatch = Math.max(this.counts.largestBatch, batch.length);
      let results: Outputs[];
      try {
        const outputs = await this.deps.run(stackFeeds(batch.map((waiting) => waiting.feeds)));
        results = splitOutputs(
          outputs,
          batch.map((waiting) => waiting.shape!.rows)
        );
      } catch (error) {
        if (error instanceof WorkerCrashedError || error instanceof PoolClosedError) {
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        // Something in the batch broke the run: give each request its own run and its own answer.
        for (const waiting of batch) await this.runAlone(waiting);
        return;
      }
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  private async runAlone(waiting: Waiting): Promise<void> {
    this.counts.runs++;
    this.counts.largestBatch = Math.max(this.counts.largestBatch, 1);
    try {
      waiting.resolve(await this.deps.run(waiting.feeds));
    } catch (error) {
      waiting.reject(error as Error);
    }
  }
}
