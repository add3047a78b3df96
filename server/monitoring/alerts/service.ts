/**
 * Alerts' story: rules are created, changed and deleted with their references checked (the
 * deployment, the job to rerun, the right to rerun it, a webhook that is not internal) and nothing
 * stored when one is wrong; rules are evaluated on a timer and on demand, acting as their owner
 * while the owner's token is valid (ownership.ts); fired alerts are listed and acknowledged.
 */
import { ValidationError } from '../../api/validation';
import type { OwnerPort } from '../../auth/owners';
import type { Principal } from '../../platform/principal';
import type { TokenRevoked } from '../../auth/revocations';
import { authorize } from '../../auth/authenticate';
import type { Logger } from '../../platform/logging';
import type { MetricsRegistry } from '../../platform/metrics';
import { OutboundRefusedError, type OutboundClient } from '../../platform/outbound';
import { NotFoundError } from '../../platform/errors';
import type { DocumentStore } from '../../platform/store/port';
import { AlertMetrics } from './alert-metrics';
import { AlertStore } from './alert-store';
import { alertFor } from './alert-view';
import { AlertEvaluator } from './evaluator';
import { disableRulesOwnedBy, ownerFrom } from './ownership';
import { newRuleId, RuleStore, toRule, type RuleDocument } from './rule-store';
import { EvaluationSchedule } from './schedule';
import {
  type Alert,
  type AlertRule,
  type CreateAlertRuleRequest,
  DEFAULT_COOLDOWN_MINUTES,
  type Evaluation,
  type ListAlertsQuery,
  type UpdateAlertRuleRequest
} from '@mlportal/contract';
import type { MonitoringNeighbours } from '../neighbours';
import { alertSourcesFrom, type AlertSourceParts, type AlertSources } from './sources';

export interface AlertServiceDependencies {
  store: DocumentStore;
  metrics: MetricsRegistry;
  logger: Logger;
  /** Where rules read their figures (sources.ts). */
  sources: AlertSourceParts;
  /** A rule's rerunJob must name a job, rerun as the rule's owner when it fires. */
  jobs: Pick<MonitoringNeighbours, 'job' | 'rerunJob'>;
  /** Seconds between evaluations of every enabled rule; 0: on demand only. */
  intervalSeconds: number;
  now: () => Date;
  webhookTimeoutMs?: number;
  /** Webhooks go out only through this (internal addresses refused). */
  outbound: OutboundClient;
  /** Whether a rule's owner may still act, and notice of revokes. */
  owners: OwnerPort;
}

export class AlertService {
  private readonly rules: RuleStore;
  private readonly alerts: AlertStore;
  private readonly sources: AlertSources;
  private readonly metrics: AlertMetrics;
  private readonly evaluator: AlertEvaluator;
  private readonly schedule: EvaluationSchedule;

  constructor(private readonly deps: AlertServiceDependencies) {
    this.rules = new RuleStore(deps.store);
    this.alerts = new AlertStore(deps.store);
    this.sources = alertSourcesFrom(deps.sources);
    this.metrics = new AlertMetrics(deps.metrics);
    this.evaluator = new AlertEvaluator({
      rules: this.rules,
      alerts: this.alerts,
      sources: this.sources,
      jobs: deps.jobs,
      metrics: this.metrics,
      logger: deps.logger,
      now: deps.now,
      webhookTimeoutMs: deps.webhookTimeoutMs,
      outbound: deps.outbound,
      owners: deps.owners
    });
    this.schedule = new EvaluationSchedule(() => this.evaluateAll(), deps.logger);
    deps.owners.onRevoked((event) => this.ownerRevoked(event));
  }

  /** At start, before the first request: indexes, then the evaluation timer. */
  async prepare(): Promise<void> {
    await this.rules.prepare();
    await this.alerts.prepare();
    this.schedule.start(this.deps.intervalSeconds);
  }

  async close(): Promise<void> {
    await this.schedule.stop();
    await this.evaluator.idle();
  }

  async createRule(request: CreateAlertRuleRequest, principal: Principal): Promise<AlertRule> {
    this.checkWebhook(request.notify?.webhook);
    await this.checkReferences({ deployment: request.deployment, rerunJob: request.action?.rerunJob }, principal);
    const now = this.deps.now().toISOString();
    const doc: RuleDocument = {
      name: request.name,
      deployment: request.deployment,
      kind: request.kind,
      ...(request.feature !== undefined ? { feature: request.feature } : {}),
      threshold: request.threshold,
      window: request.window,
      notify: request.notify ?? {},
      action: request.action ?? null,
      enabled: request.enabled ?? true,
      cooldownMinutes: request.cooldownMinutes ?? DEFAULT_COOLDOWN_MINUTES,
      createdAt: now,
      createdBy: principal.name,
      updatedAt: now,
      actsAs: ownerFrom(principal)
    };
    const rule = toRule(await this.rules.insert(newRuleId(), doc));
    this.deps.logger.info({ ruleId: rule.id, deployment: rule.deployment, kind: rule.kind }, 'alert rule created');
    return rule;
  }

  async listRules(filter: { deployment?: string } = {}): Promise<AlertRule[]> {
    return (await this.rules.list(filter)).map(toRule);
  }

  async getRule(id: string): Promise<AlertRule> {
    return toRule(await this.rules.require(id));
  }

  /**
   * 409 stale_revision when the rule changed since `request.revision`; the changed references are
   * checked first. Changing what the rule does (webhook, job) or re-enabling a rule the platform
   * disabled makes the caller its owner, so the caller must hold the rights its job needs.
   */
  async updateRule(id: string, request: UpdateAlertRuleRequest, principal: Principal): Promise<AlertRule> {
    const stored = await this.rules.require(id);
    const { revision, feature, ...changes } = request;
    const kind = changes.kind ?? stored.kind;
    const keptFeature = feature === undefined ? stored.feature : (feature ?? undefined);
    if (keptFeature !== undefined && kind !== 'drift') {
      throw new ValidationError([
        { path: 'body.feature', message: `only drift rules watch a feature (this one is ${kind}); send "feature": null to remove it` }
      ]);
    }
    this.checkWebhook(changes.notify?.webhook);
    await this.checkReferences({ deployment: changes.deployment, rerunJob: changes.action?.rerunJob }, principal);
    const reEnabling = changes.enabled === true && stored.disabledReason !== undefined;
    const takesOwnership = changes.action !== undefined || changes.notify !== undefined || reEnabling;
    const rerunJob = changes.action !== undefined ? changes.action?.rerunJob : stored.action?.rerunJob;
    if (takesOwnership && rerunJob !== undefined) authorize(principal, 'jobs:submit');
    const update: Partial<RuleDocument> = {
      ...definedOnly(changes),
      ...(feature !== undefined ? { feature: feature ?? undefined } : {}),
      ...(takesOwnership ? { actsAs: ownerFrom(principal) } : {}),
      ...(reEnabling ? { disabledReason: undefined } : {}),
      updatedAt: this.deps.now().toISOString()
    };
    return toRule(await this.rules.update(id, revision, update));
  }

  async deleteRule(id: string, revision: number): Promise<void> {
    await this.rules.require(id);
    await this.rules.delete(id, revision);
    this.metrics.forget(id);
  }

  async evaluate(id: string): Promise<Evaluation> {
    return this.evaluator.evaluate(id);
  }

  /** Every enabled rule once; a rule that cannot be evaluated (its deployment deleted) is logged and the others go on. */
  async evaluateAll(): Promise<void> {
    for (const rule of await this.rules.list({ enabled: true })) {
      try {
        await this.evaluator.evaluate(rule._id);
      } catch (err) {
        this.deps.logger.warn({ err, ruleId: rule._id, deployment: rule.deployment }, 'alert rule could not be evaluated');
      }
    }
  }

  /** Failure details of webhooks only for callers who may manage rules (alert-view.ts). */
  async listAlerts(query: ListAlertsQuery, principal: Principal): Promise<Alert[]> {
    return (await this.alerts.list(query)).map((alert) => alertFor(principal, alert));
  }

  async acknowledge(id: string, principal: Principal): Promise<Alert> {
    return this.alerts.acknowledge(id, principal.name, this.deps.now().toISOString());
  }

  /** A revoked token's rules stop at once, the reason recorded on each. */
  private async ownerRevoked(event: TokenRevoked): Promise<void> {
    await disableRulesOwnedBy(
      this.rules,
      event.tokenId,
      `owner token revoked at ${event.revokedAt}`,
      this.deps.now().toISOString(),
      this.deps.logger
    );
  }

  /** 400 naming the field for a webhook refused without DNS (its literal host internal); the DNS check comes at each call. */
  private checkWebhook(url: string | undefined): void {
    if (url === undefined) return;
    try {
      this.deps.outbound.checkUrl(url);
    } catch (err) {
      if (err instanceof OutboundRefusedError) throw new ValidationError([{ path: 'body.notify.webhook', message: err.message }]);
      throw err;
    }
  }

  /** Unknown deployment or job → 404 naming the field; rerunning a job needs jobs:submit (the job runs with its submitter's rights). */
  private async checkReferences(refs: { deployment?: string; rerunJob?: string }, principal: Principal): Promise<void> {
    if (refs.rerunJob !== undefined) authorize(principal, 'jobs:submit');
    if (refs.deployment !== undefined) await namingField('body.deployment', () => this.sources.requireDeployment(refs.deployment!));
    if (refs.rerunJob !== undefined) await namingField('body.action.rerunJob', () => this.deps.jobs.job(refs.rerunJob!));
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function namingField(field: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(`${field}: ${err.message}`, { field });
    throw err;
  }
}
