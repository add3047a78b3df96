/** Alert rules in the store: one document per rule, the store's revision guarding every change. */
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../platform/errors';
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import type { AlertRule } from '@mlportal/contract';

export const RULES_COLLECTION = 'monitoring_alert_rules';
const RULE_ID_PATTERN = /^rule-[0-9a-f]{12}$/;

/** The rule's owner, whom it acts as (ownership.ts): the token is what counts; name and roles record who that was. */
export interface RuleActor {
  tokenId: string;
  name: string;
  roles: string[];
}

/** As stored: the rule without id and revision (the store's), and whom it acts as. */
export type RuleDocument = Omit<AlertRule, 'id' | 'revision'> & { actsAs: RuleActor };

export function newRuleId(): string {
  return `rule-${randomBytes(6).toString('hex')}`;
}

export function toRule(stored: Stored<RuleDocument>): AlertRule {
  const { _id, _rev, actsAs: _actor, ...rule } = stored;
  return { id: _id, revision: _rev, ...rule };
}

export class RuleStore {
  private readonly rules: Collection<RuleDocument>;

  constructor(store: DocumentStore) {
    this.rules = store.collection<RuleDocument>(RULES_COLLECTION);
  }

  /** At start, before the first request: indexes. */
  async prepare(): Promise<void> {
    await this.rules.ensureIndex({ fields: ['deployment'] });
    await this.rules.ensureIndex({ fields: ['actsAs.tokenId'] });
  }

  insert(id: string, doc: RuleDocument): Promise<Stored<RuleDocument>> {
    return this.rules.insert({ _id: id, ...doc });
  }

  async require(id: string): Promise<Stored<RuleDocument>> {
    const stored = RULE_ID_PATTERN.test(id) ? await this.rules.get(id) : null;
    if (!stored) throw new NotFoundError(`no alert rule with id ${JSON.stringify(id)}`, { ruleId: id });
    return stored;
  }

  list(filter: { deployment?: string; enabled?: boolean } = {}): Promise<Stored<RuleDocument>[]> {
    const query = {
      ...(filter.deployment ? { deployment: filter.deployment } : {}),
      ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {})
    };
    return this.rules.find(query, { sort: { createdAt: 1 } });
  }

  ownedBy(tokenId: string): Promise<Stored<RuleDocument>[]> {
    return this.rules.find({ 'actsAs.tokenId': tokenId });
  }

  update(id: string, revision: number, changes: Partial<RuleDocument>): Promise<Stored<RuleDocument>> {
    return this.rules.update(id, revision, changes);
  }

  delete(id: string, revision: number): Promise<void> {
    return this.rules.delete(id, revision);
  }
}
