/**
 * Job logs: one file per job (every attempt, in order), appended as the executor reports output,
 * read from a byte offset, and followed while the job runs: a follower reads what is there, then
 * waits for the next append or the job's end, so it never polls a quiet job in a tight loop.
 */
import { EventEmitter } from 'node:events';
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { JobLayout } from './layout';

const READ_CHUNK_BYTES = 64 * 1024;
/** A follower rechecks this often even without news (a job re-attached by another process, a missed event). */
const FOLLOW_RECHECK_MS = 2000;

export class JobLogs {
  private readonly writers = new Map<string, { stream: Promise<WriteStream>; pending: Promise<void> }>();
  private readonly events = new EventEmitter();

  constructor(private readonly layout: JobLayout) {
    this.events.setMaxListeners(0);
  }

  /** Appends in call order; followers hear of it once it is on disk. */
  append(jobId: string, text: string): Promise<void> {
    let writer = this.writers.get(jobId);
    if (!writer) {
      const file = this.layout.logFile(jobId);
      // The folder first: an executor that makes no working directory (Kubernetes) leaves none for the log.
      const stream = fs.mkdir(path.dirname(file), { recursive: true }).then(() => {
        const opened = createWriteStream(file, { flags: 'a' });
        // Without a listener an 'error' event would crash the process; the write callbacks report it.
        opened.on('error', () => undefined);
        return opened;
      });
      writer = { stream, pending: stream.then(() => undefined) };
      this.writers.set(jobId, writer);
    }
    const current = writer;
    current.pending = current.pending
      .then(() => current.stream)
      .then((stream) => new Promise<void>((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve()))))
      .catch(() => undefined)
      .then(() => {
        this.events.emit(jobId);
      });
    return current.pending;
  }

  /** Flushes and closes the job's log file, and wakes its followers to see the end. */
  async close(jobId: string): Promise<void> {
    const writer = this.writers.get(jobId);
    if (writer) {
      this.writers.delete(jobId);
      await writer.pending;
      const stream = await writer.stream.catch(() => undefined);
      if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
    }
    this.events.emit(jobId);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.writers.keys()].map((jobId) => this.close(jobId)));
  }

  /**
   * The log from byte `since` on. With `isRunning`, the stream stays open and carries new output
   * until `isRunning` answers false and everything written is read.
   */
  read(jobId: string, since: number, isRunning?: () => Promise<boolean>): Readable {
    const file = this.layout.logFile(jobId);
    let offset = since;
    let handle: fs.FileHandle | undefined;
    let stopWaiting: (() => void) | undefined;
    const events = this.events;

    const nextChunk = async (): Promise<Buffer | null> => {
      handle ??= await fs.open(file, 'r').catch(() => undefined);
      if (!handle) return Buffer.alloc(0);
      const buffer = Buffer.alloc(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      offset += bytesRead;
      return buffer.subarray(0, bytesRead);
    };
    const waitForNews = () =>
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          events.off(jobId, wake);
          stopWaiting = undefined;
          resolve();
        };
        const timer = setTimeout(wake, FOLLOW_RECHECK_MS);
        events.on(jobId, wake);
        stopWaiting = wake;
      });

    return new Readable({
      // Every await is inside the try below, so no rejection escapes to the caller that ignores the promise.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      async read() {
        try {
          for (;;) {
            const chunk = await nextChunk();
            if (chunk && chunk.length > 0) {
              this.push(chunk);
              return;
            }
            // Nothing new: the end unless the job may still write. Its state is read before the
            // last look at the file, so output written just before it ended is not lost.
            if (!isRunning || !(await isRunning())) {
              const rest = await nextChunk();
              if (rest && rest.length > 0) {
                this.push(rest);
                return;
              }
              this.push(null);
              return;
            }
            await waitForNews();
            if (this.destroyed) return;
          }
        } catch (err) {
          this.destroy(err as Error);
        }
      },
      destroy(err, callback) {
        stopWaiting?.();
        const closing = handle?.close() ?? Promise.resolve();
        closing.then(
          () => callback(err),
          () => callback(err)
        );
      }
    });
  }
}
