/**
 * The double's etcd: objects by kind and namespace, one global resourceVersion counter, and the event history watches
 * replay from. Compaction drops the history, so a watch from an older version gets 410 Expired like on a real cluster.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

export type Kind = 'jobs' | 'pods' | 'deployments' | 'services' | 'horizontalpodautoscalers';
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface KubeObject {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface StoredEvent {
  kind: Kind;
  type: EventType;
  version: number;
  object: KubeObject;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class ObjectStore {
  private version = 1;
  /** Versions below this one are compacted away: watching from them answers 410. */
  private oldestWatchable = 1;
  private history: StoredEvent[] = [];
  private readonly objects = new Map<string, KubeObject>();
  readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  get currentVersion(): number {
    return this.version;
  }

  isTooOld(version: number): boolean {
    return version < this.oldestWatchable;
  }

  /** As if etcd compacted after other writes in the cluster: every version seen so far becomes too old to watch from. */
  compact(): void {
    this.version++;
    this.oldestWatchable = this.version;
    this.history = [];
  }

  get(kind: Kind, namespace: string, name: string): KubeObject | undefined {
    const object = this.objects.get(key(kind, namespace, name));
    return object ? copy(object) : undefined;
  }

  list(kind: Kind, namespace: string): KubeObject[] {
    const prefix = key(kind, namespace, '');
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).map(([, object]) => copy(object));
  }

  create(kind: Kind, object: KubeObject): KubeObject {
    object.metadata.uid ??= randomUUID();
    object.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return this.write(kind, 'ADDED', object);
  }

  update(kind: Kind, object: KubeObject): KubeObject {
    return this.write(kind, 'MODIFIED', object);
  }

  remove(kind: Kind, namespace: string, name: string): KubeObject | undefined {
    const object = this.objects.get(key(kind, namespace, name));
    if (!object) return undefined;
    this.objects.delete(key(kind, namespace, name));
    this.version++;
    object.metadata.resourceVersion = String(this.version);
    this.record({ kind, type: 'DELETED', version: this.version, object: copy(object) });
    return copy(object);
  }

  eventsAfter(kind: Kind, version: number): StoredEvent[] {
    return this.history.filter((event) => event.kind === kind && event.version > version);
  }

  private write(kind: Kind, type: EventType, object: KubeObject): KubeObject {
    this.version++;
    object.metadata.resourceVersion = String(this.version);
    const stored = copy(object);
    this.objects.set(key(kind, object.metadata.namespace, object.metadata.name), stored);
    this.record({ kind, type, version: this.version, object: copy(stored) });
    return copy(stored);
  }

  private record(event: StoredEvent): void {
    this.history.push(event);
    this.events.emit('event', event);
  }
}

function key(kind: Kind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
