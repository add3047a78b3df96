/** Fired alerts in the store, newest first for the readers (the JupyterLab notifications poll them). */
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../platform/errors';
import type { Collection, DocumentStore, Filter, Stored } from '../../platform/store/port';
import type { Alert } from '@mlportal/contract';

export const ALERTS_COLLECTION = 'monitoring_alerts';
const ALERT_ID_PATTERN = /^alert-[0-9a-f]{16}$/;
export const DEFAULT_ALERT_LIMIT = 100;

export type AlertDocument = Omit<Alert, 'id'>;

export function newAlertId(): string {
  return `alert-${randomBytes(8).toString('hex')}`;
}

export function toAlert({ _id, _rev: _revision, ...alert }: Stored<AlertDocument>): Alert {
  return { id: _id, ...alert };
}

export class AlertStore {
  private readonly alerts: Collection<AlertDocument>;

  constructor(store: DocumentStore) {
    this.alerts = store.collection<AlertDocument>(ALERTS_COLLECTION);
  }

  /** At start, before the first request: indexes. */
  async prepare(): Promise<void> {
    await this.alerts.ensureIndex({ fields: ['firedAt'] });
    await this.alerts.ensureIndex({ fields: ['ruleId', 'firedAt'] });
    await this.alerts.ensureIndex({ fields: ['deployment', 'firedAt'] });
  }

  async insert(id: string, doc: AlertDocument): Promise<Alert> {
    return toAlert(await this.alerts.insert({ _id: id, ...doc }));
  }

  /** Newest first. */
  async list(query: { since?: string; deployment?: string; ruleId?: string; limit?: number }): Promise<Alert[]> {
    const filter: Filter = {
      ...(query.since ? { firedAt: { $gt: query.since } } : {}),
      ...(query.deployment ? { deployment: query.deployment } : {}),
      ...(query.ruleId ? { ruleId: query.ruleId } : {})
    };
    const docs = await this.alerts.find(filter, { sort: { firedAt: -1 }, limit: query.limit ?? DEFAULT_ALERT_LIMIT });
    return docs.map(toAlert);
  }

  async latestOf(ruleId: string): Promise<Alert | null> {
    return (await this.list({ ruleId, limit: 1 }))[0] ?? null;
  }

  async acknowledge(id: string, by: string, at: string): Promise<Alert> {
    const stored = ALERT_ID_PATTERN.test(id) ? await this.alerts.get(id) : null;
    if (!stored) throw new NotFoundError(`no alert with id ${JSON.stringify(id)}`, { alertId: id });
    // Acknowledging twice keeps the first acknowledgement: who saw it first is what counts.
    if (stored.acknowledgedBy !== undefined) return toAlert(stored);
    return toAlert(await this.alerts.update(id, stored._rev, { acknowledgedBy: by, acknowledgedAt: at }));
  }
}
