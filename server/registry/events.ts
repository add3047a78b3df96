/**
 * The audit trail (model_events): one event per change to a model, its versions, stages and
 * aliases — who, when, from, to. An event is written together with the change it records
 * (RegistryStore.recorded: one transaction, or the store's outbox), so a crash never keeps a change
 * without its event or an event without its change; a refused change records nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, DocumentStore, GroupWrite, Stored } from '../platform/store/port';
import { COLLECTIONS, type EventDocument } from './documents';
import type { StageEvent } from '@mlportal/contract';

export type NewEvent = Omit<EventDocument, 'seq' | 'at'> & { at?: string };

export class EventLog {
  private readonly events: Collection<EventDocument>;
  private lastSeq = 0;

  constructor(
    store: DocumentStore,
    private readonly now: () => Date
  ) {
    this.events = store.collection<EventDocument>(COLLECTIONS.events);
  }

  async prepare(): Promise<void> {
    await this.events.ensureIndex({ fields: ['modelId', 'seq'] });
  }

  /** The insert of one event, for the group that also holds the change it records. */
  entry(event: NewEvent): GroupWrite {
    const at = event.at ?? this.now().toISOString();
    // Milliseconds × 1000, kept increasing in this process: events of one request keep their order.
    this.lastSeq = Math.max(Date.parse(at) * 1000, this.lastSeq + 1);
    // Named here, so a group completed after a crash never inserts the event twice.
    const doc: EventDocument & { _id: string } = { _id: `ev_${randomUUID().replace(/-/g, '')}`, ...event, at, seq: this.lastSeq };
    return { collection: this.events.name, insert: doc };
  }

  /** Newest first. */
  async history(modelId: string): Promise<StageEvent[]> {
    return (await this.events.find({ modelId }, { sort: { seq: -1 } })).map(toStageEvent);
  }
}

function toStageEvent(stored: Stored<EventDocument>): StageEvent {
  return {
    at: stored.at,
    by: stored.by,
    model: stored.model,
    ...(stored.version !== undefined ? { version: stored.version } : {}),
    kind: stored.kind,
    ...(stored.alias !== undefined ? { alias: stored.alias } : {}),
    ...(stored.from !== undefined ? { from: stored.from } : {}),
    ...(stored.to !== undefined ? { to: stored.to } : {}),
    ...(stored.comment !== undefined ? { comment: stored.comment } : {})
  };
}
