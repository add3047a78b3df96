/** What the registry's parts share: their collections, the audit log and the clock. */
import type { Collection, DocumentStore } from '../platform/store/port';
import { COLLECTIONS, type ModelDocument, type VersionDocument } from './documents';
import { EventLog } from './events';

export class RegistryStore {
  readonly models: Collection<ModelDocument>;
  readonly versions: Collection<VersionDocument>;
  readonly events: EventLog;

  constructor(
    store: DocumentStore,
    readonly now: () => Date
  ) {
    this.models = store.collection<ModelDocument>(COLLECTIONS.models);
    this.versions = store.collection<VersionDocument>(COLLECTIONS.versions);
    this.events = new EventLog(store, now);
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
