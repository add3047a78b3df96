/** The deployments' collections: the documents, their audit events, and the indexes both need. */
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import { COLLECTIONS, type DeploymentDocument, type DeploymentEventDocument } from './documents';
import type { Deployment, DeploymentEvent } from '@mlportal/contract';

export type NewEvent = Omit<DeploymentEventDocument, 'seq' | 'at'> & { at?: string };

export class DeploymentStore {
  readonly deployments: Collection<DeploymentDocument>;
  private readonly events: Collection<DeploymentEventDocument>;
  private lastSeq = 0;

  constructor(
    store: DocumentStore,
    readonly now: () => Date
  ) {
    this.deployments = store.collection<DeploymentDocument>(COLLECTIONS.deployments);
    this.events = store.collection<DeploymentEventDocument>(COLLECTIONS.events);
  }

  async prepare(): Promise<void> {
    await this.events.ensureIndex({ fields: ['deployment', 'seq'] });
    await this.events.ensureIndex({ fields: ['incarnation', 'type', 'seq'] });
  }

  async append(event: NewEvent): Promise<void> {
    const at = event.at ?? this.now().toISOString();
    // Milliseconds × 1000, kept increasing in this process: the events of one change keep their order.
    this.lastSeq = Math.max(Date.parse(at) * 1000, this.lastSeq + 1);
    await this.events.insert({ ...event, at, seq: this.lastSeq });
  }

  /** Newest first, every incarnation of the name. */
  async history(name: string, limit = 500): Promise<DeploymentEvent[]> {
    return (await this.events.find({ deployment: name }, { sort: { seq: -1 }, limit })).map(toDeploymentEvent);
  }

  /** The newest rollout of this incarnation that no rollback has undone yet. */
  async lastRollout(incarnation: string): Promise<Stored<DeploymentEventDocument> | null> {
    const rollouts = await this.events.find({ incarnation, type: 'rollout' }, { sort: { seq: -1 } });
    return rollouts.find((event) => !event.rolledBack) ?? null;
  }

  async markRolledBack(event: Stored<DeploymentEventDocument>): Promise<void> {
    await this.events.update(event._id, event._rev, { rolledBack: true });
  }
}

export function toDeployment(stored: Stored<DeploymentDocument>, state: Pick<Deployment, 'state' | 'reason'>): Deployment {
  return {
    name: stored.name,
    description: stored.description,
    traffic: stored.traffic,
    shadow: stored.shadow,
    batching: stored.batching,
    replicas: stored.replicas,
    target: stored.target,
    gate: stored.gate,
    kpi: stored.kpi,
    state: state.state,
    ...(state.reason !== undefined ? { reason: state.reason } : {}),
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    updatedAt: stored.updatedAt,
    revision: stored._rev
  };
}

function toDeploymentEvent(stored: Stored<DeploymentEventDocument>): DeploymentEvent {
  return {
    deployment: stored.deployment,
    type: stored.type,
    at: stored.at,
    by: stored.by,
    ...(stored.from !== undefined ? { from: stored.from } : {}),
    ...(stored.to !== undefined ? { to: stored.to } : {}),
    ...(stored.gate !== undefined ? { gate: stored.gate } : {}),
    ...(stored.note !== undefined ? { note: stored.note } : {})
  };
}
