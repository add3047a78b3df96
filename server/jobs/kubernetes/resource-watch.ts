/**
 * A list-then-watch of one kind of object, kept alive the way Kubernetes informers do: when the server ends a watch it
 * resumes from the last resourceVersion it saw, and when that version is too old (410 Gone / Expired) it lists again,
 * reporting what vanished in between as deleted.
 */
import type { ClientNode, KubeConfig } from '../../platform/kubernetes/client-node';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchedObject {
  metadata?: { name?: string; resourceVersion?: string };
}

export interface ResourceWatchOptions<T extends WatchedObject> {
  client: ClientNode;
  kubeConfig: KubeConfig;
  /** The collection's API path, e.g. /apis/batch/v1/namespaces/mlportal/jobs. */
  path: string;
  labelSelector: string;
  list(): Promise<{ items: T[]; resourceVersion: string }>;
  onEvent(type: WatchEventType, object: T): void;
  onProblem(message: string): void;
}

const maxRetryDelayMs = 30_000;
const quickCloseMs = 5_000;

interface StatusObject {
  code?: number;
  reason?: string;
  message?: string;
}

export class ResourceWatch<T extends WatchedObject> {
  private resourceVersion: string | undefined;
  private readonly known = new Map<string, T>();
  private controller: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Watches the server ended at once and empty, in a row: resumed with a growing pause so a flapping server is not hammered. */
  private quickCloses = 0;
  private closed = false;
  /** Counts restarts so tests and logs can tell a resumed watch from a re-list. */
  readonly restarts = { resumed: 0, relisted: 0 };

  constructor(private readonly options: ResourceWatchOptions<T>) {}

  /** Lists, then watches; resolves after the first list (or its failure, after which it keeps retrying). */
  async start(): Promise<void> {
    await this.relistThenWatch();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.controller?.abort();
    this.controller = undefined;
  }

  private async relistThenWatch(): Promise<void> {
    if (this.closed) return;
    try {
      const { items, resourceVersion } = await this.options.list();
      if (this.closed) return;
      const seen = new Set<string>();
      for (const item of items) {
        const name = item.metadata?.name;
        if (!name) continue;
        seen.add(name);
        const type = this.known.has(name) ? 'MODIFIED' : 'ADDED';
        this.known.set(name, item);
        this.options.onEvent(type, item);
      }
      for (const [name, last] of this.known) {
        if (seen.has(name)) continue;
        this.known.delete(name);
        this.options.onEvent('DELETED', last);
      }
      this.resourceVersion = resourceVersion;
      this.failures = 0;
      await this.watch();
    } catch (err) {
      this.retryLater('list', err, () => this.relistThenWatch());
    }
  }

  private async watch(): Promise<void> {
    if (this.closed) return;
    let expired = false;
    let events = 0;
    const startedAt = Date.now();
    const { client, kubeConfig, path, labelSelector } = this.options;
    const onLine = (type: string, object: unknown): void => {
      if (this.closed) return;
      events++;
      if (type === 'ERROR') {
        const status = object as StatusObject;
        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') expired = true;
        else this.options.onProblem(`watch of ${path} reported: ${status.message ?? JSON.stringify(object)}`);
        return;
      }
      const item = object as T;
      const version = item.metadata?.resourceVersion;
      if (version) this.resourceVersion = version;
      if (type === 'BOOKMARK') return;
      const name = item.metadata?.name;
      if (!name || (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED')) return;
      if (type === 'DELETED') this.known.delete(name);
      else this.known.set(name, item);
      this.options.onEvent(type, item);
    };
    const onDone = (err: unknown): void => {
      this.controller = undefined;
      if (this.closed) return;
      if (expired || statusCodeOf(err) === 410) {
        this.restarts.relisted++;
        void this.relistThenWatch();
      } else if (err) {
        this.retryLater('watch', err, () => this.watch());
      } else {
        this.quickCloses = events === 0 && Date.now() - startedAt < quickCloseMs ? this.quickCloses + 1 : 0;
        this.restarts.resumed++;
        if (this.quickCloses < 2) this.resume();
        else this.retryTimer = setTimeout(() => this.resume(), Math.min(maxRetryDelayMs, 500 * 2 ** this.quickCloses));
      }
    };
    const watcher = new client.Watch(kubeConfig);
    const controller = await watcher.watch(
      path,
      { labelSelector, resourceVersion: this.resourceVersion, allowWatchBookmarks: true },
      onLine,
      onDone
    );
    // The watch may already have ended (and a successor started) by the time it resolves.
    if (!controller.signal.aborted) this.controller = controller;
    if (this.closed) controller.abort();
  }

  private resume(): void {
    this.watch().catch((err: unknown) => this.retryLater('watch', err, () => this.watch()));
  }

  private retryLater(what: string, err: unknown, retry: () => Promise<void>): void {
    if (this.closed) return;
    this.failures++;
    const delay = Math.min(maxRetryDelayMs, 500 * 2 ** Math.min(this.failures - 1, 6));
    this.options.onProblem(`${what} of ${this.options.path} failed (${describe(err)}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.restarts.resumed++;
      void retry().catch((e: unknown) => this.retryLater(what, e, retry));
    }, delay);
  }
}

function statusCodeOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const { statusCode, code } = err as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  return typeof code === 'number' ? code : undefined;
}

function describe(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err ? String((err as { message: unknown }).message) : String(err);
}
