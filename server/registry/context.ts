/** What the registry's parts share: their collections, the audit log and the clock. */
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import { COLLECTIONS, type ModelDocument, type VersionDocument } from './documents';
import { EventLog, type NewEvent } from './events';

/** One change to a model or version document (the port's group write, typed). */
export type RegistryChange<T extends object> =
  | { collection: Collection<T>; insert: T & { _id: string } }
  | { collection: Collection<T>; update: string; expectedRev: number; changes: Partial<T> }
  | { collection: Collection<T>; delete: string; expectedRev: number };

export class RegistryStore {
  readonly models: Collection<ModelDocument>;
  readonly versions: Collection<VersionDocument>;
  readonly events: EventLog;

  constructor(
    private readonly store: DocumentStore,
    readonly now: () => Date
  ) {
    this.models = store.collection<ModelDocument>(COLLECTIONS.models);
    this.versions = store.collection<VersionDocument>(COLLECTIONS.versions);
    this.events = new EventLog(store, now);
  }

  /**
   * Makes the change and appends its audit event(s) as one group (DocumentStore.writeTogether):
   * both are kept or neither. The change goes first: it is the write a revision or a unique name
   * may refuse. Answers the changed document (null for a delete).
   */
  async recorded<T extends object>(change: RegistryChange<T>, ...events: NewEvent[]): Promise<Stored<T> | null> {
    const [result] = await this.store.writeTogether([
      { ...change, collection: change.collection.name },
      ...events.map((event) => this.events.entry(event))
    ]);
    return result as Stored<T> | null;
  }

  async prepare(): Promise<void> {
    await this.models.ensureIndex({ fields: ['name'], unique: true });
    await this.versions.ensureIndex({ fields: ['modelId', 'version'], unique: true });
    await this.versions.ensureIndex({ fields: ['trainingSetId'] });
    await this.versions.ensureIndex({ fields: ['modelId', 'stage'] });
    await this.events.prepare();
  }
}

/** How many times a write that lost a race on a revision is tried again before giving up. */
export const RETRIES = 50;
