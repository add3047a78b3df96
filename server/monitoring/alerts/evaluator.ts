/**
 * Evaluating a rule: a disabled rule is not evaluated at all, whoever asks. Otherwise measure its
 * kind over its window; when the value breaches the threshold and the rule is out of its cooldown,
 * fire, but only if its owner may still act (else the rule is disabled with the reason): rerun its
 * job as the owner with the owner's roles of now, post the alert to its webhook, store the alert.
 * One evaluation per rule at a time, so the timer and an on-demand evaluation never fire the same
 * breach twice.
 */
import type { OwnerPort } from '../../auth/owners';
import type { Principal } from '../../platform/principal';
import type { Logger } from '../../platform/logging';
import type { OutboundClient } from '../../platform/outbound';
import type { MonitoringNeighbours } from '../neighbours';
import type { AlertMetrics } from './alert-metrics';
import { newAlertId, type AlertDocument, type AlertStore } from './alert-store';
import { breaches, comparison, MEASURES, type Measurement } from './measures';
import { disableRule, ownerToActAs } from './ownership';
import { toRule, type RuleStore } from './rule-store';
import { type Alert, type AlertRule, type Evaluation, windowEndingAt } from '@mlportal/contract';
import type { AlertSources } from './sources';
import { postWebhook } from './webhook';

export interface EvaluatorDependencies {
  rules: RuleStore;
  alerts: AlertStore;
  sources: AlertSources;
  jobs: Pick<MonitoringNeighbours, 'rerunJob'>;
  metrics: AlertMetrics;
  logger: Logger;
  now: () => Date;
  webhookTimeoutMs?: number;
  outbound: OutboundClient;
  owners: OwnerPort;
}

export class AlertEvaluator {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: EvaluatorDependencies) {}

  /** Evaluates the rule as stored when its turn comes (after any evaluation of it in progress). */
  evaluate(ruleId: string): Promise<Evaluation> {
    const previous = this.running.get(ruleId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.evaluateNow(ruleId));
    this.running.set(ruleId, next);
    const forget = () => {
      if (this.running.get(ruleId) === next) this.running.delete(ruleId);
    };
    next.then(forget, forget);
    return next;
  }

  /** Resolves once every evaluation under way has ended (at shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async evaluateNow(ruleId: string): Promise<Evaluation> {
    const stored = await this.deps.rules.require(ruleId);
    const rule = toRule(stored);
    if (!rule.enabled)
      return { fired: false, value: null, reason: `the rule is disabled${rule.disabledReason ? ` (${rule.disabledReason})` : ''}` };
    const now = this.deps.now();
    const measured = await MEASURES[rule.kind](rule, windowEndingAt(rule.window, now), this.deps.sources);
    if (!measured) {
      this.deps.metrics.evaluated(rule, false);
      return { fired: false, value: null, reason: `nothing to measure for ${rule.deployment} in the last ${rule.window}` };
    }
    const breached = breaches(rule.kind, measured.value, rule.threshold);
    this.deps.metrics.evaluated(rule, breached);
    if (!breached) {
      return {
        fired: false,
        value: measured.value,
        reason: `${measured.subject} is ${formatValue(measured.value)}, not ${comparison(rule.kind)} ${rule.threshold}`
      };
    }
    const latest = await this.deps.alerts.latestOf(rule.id);
    if (latest) {
      const quietUntil = new Date(Date.parse(latest.firedAt) + rule.cooldownMinutes * 60_000);
      if (quietUntil > now) {
        return {
          fired: false,
          value: measured.value,
          reason: `breached, but in its cooldown until ${quietUntil.toISOString()} (last fired ${latest.firedAt} by alert ${latest.id})`
        };
      }
    }
    // Checked at the last moment before acting, and read anew: a revoke made elsewhere counts too.
    const owner = await ownerToActAs(this.deps.owners, stored);
    if ('reason' in owner) {
      await disableRule(this.deps.rules, rule.id, owner.reason, now.toISOString());
      this.deps.logger.warn(
        { ruleId: rule.id, reason: owner.reason },
        'alert rule disabled instead of firing: its owner may no longer act'
      );
      return { fired: false, value: measured.value, reason: `breached, but not fired: ${owner.reason}; the rule is now disabled` };
    }
    const alert = await this.fire(owner.principal, rule, measured, now);
    return { fired: true, value: measured.value, reason: alert.message, alert };
  }

  private async fire(owner: Principal, rule: AlertRule, measured: Measurement, now: Date): Promise<Alert> {
    const id = newAlertId();
    const base = {
      ruleId: rule.id,
      ruleName: rule.name,
      deployment: rule.deployment,
      kind: rule.kind,
      ...(rule.feature !== undefined ? { feature: rule.feature } : {}),
      value: measured.value,
      threshold: rule.threshold,
      window: rule.window,
      firedAt: now.toISOString(),
      message: `${rule.name}: on ${rule.deployment}, the ${measured.subject} is ${formatValue(measured.value)}, ${comparison(rule.kind)} ${rule.threshold} (window ${rule.window})`
    };
    const job = await this.rerun(owner, rule);
    const withJob = { ...base, ...job };
    const webhook = rule.notify.webhook
      ? await postWebhook(this.deps.outbound, rule.notify.webhook, { alert: { id, ...withJob } }, this.deps.webhookTimeoutMs)
      : ({ status: 'none' } as const);
    if (webhook.status === 'failed') this.deps.logger.warn({ ruleId: rule.id, alertId: id, error: webhook.error }, 'alert webhook failed');
    const doc: AlertDocument = { ...withJob, webhook };
    const alert = await this.deps.alerts.insert(id, doc);
    this.deps.metrics.firedOne(rule);
    this.deps.logger.info(
      { ruleId: rule.id, alertId: id, deployment: rule.deployment, kind: rule.kind, value: measured.value, job: job.job },
      'alert fired'
    );
    return alert;
  }

  /** The rule's job, rerun as its owner; a failure is recorded on the alert, never thrown. */
  private async rerun(owner: Principal, rule: AlertRule): Promise<{ job?: string; jobError?: string }> {
    const jobId = rule.action?.rerunJob;
    if (!jobId) return {};
    const principal: Principal = { ...owner, name: `${owner.name} (alert rule ${rule.name})` };
    try {
      const job = await this.deps.jobs.rerunJob(jobId, principal);
      return { job: job.id };
    } catch (err) {
      this.deps.logger.warn({ err, ruleId: rule.id, jobId }, 'alert rule could not rerun its job');
      return { jobError: `could not rerun job ${jobId}: ${(err as Error).message}` };
    }
  }
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}
