import { AlertListSchema, AlertRuleListSchema, AlertRuleSchema, AlertSchema, EvaluationSchema } from '@mlportal/contract';
import { ClientBoundApi, segment } from '../client-bound';
import { isoMoment } from './time';
import type { Alert, AlertQuery, AlertRule, AlertRuleInput, AlertRuleUpdate, RuleEvaluation } from './types';

export const ALERTS_PATH = '/api/v1/alerts';
export const ALERT_RULES_PATH = '/api/v1/alerts/rules';

/** Alert rules: drift, p99 latency, error rate, accuracy or RMSE over a window, with a webhook and a job to rerun. */
export class AlertRulesApi extends ClientBoundApi {
  create(rule: AlertRuleInput): Promise<AlertRule> {
    return this.call(AlertRuleSchema, ALERT_RULES_PATH, { method: 'POST', body: rule });
  }

  async list(): Promise<AlertRule[]> {
    return (await this.call(AlertRuleListSchema, ALERT_RULES_PATH)).rules;
  }

  get(id: string): Promise<AlertRule> {
    return this.call(AlertRuleSchema, `${ALERT_RULES_PATH}/${segment(id)}`);
  }

  /** Changes the fields named; without `revision` the current one is read first. */
  async update(id: string, update: AlertRuleUpdate): Promise<AlertRule> {
    const revision = update.revision ?? (await this.get(id)).revision;
    return this.call(AlertRuleSchema, `${ALERT_RULES_PATH}/${segment(id)}`, { method: 'PATCH', body: { ...update, revision } });
  }

  /** Deletes the rule; without `revision` the current one is read first. */
  async delete(id: string, guard: { revision?: number } = {}): Promise<void> {
    const revision = guard.revision ?? (await this.get(id)).revision;
    return this.callWithoutAnswer(`${ALERT_RULES_PATH}/${segment(id)}`, { method: 'DELETE', query: { revision } });
  }

  /** Evaluates the rule now (rather than at the next timer tick); fires it when it holds. */
  evaluate(id: string): Promise<RuleEvaluation> {
    return this.call(EvaluationSchema, `${ALERT_RULES_PATH}/${segment(id)}/evaluate`, { method: 'POST' });
  }
}

/** Alerts fired by the rules: `client.alerts` (`alerts.rules` manages the rules). */
export class AlertsApi extends ClientBoundApi {
  readonly rules = new AlertRulesApi(this.clientSource);

  /** Newest first. */
  async list(query: AlertQuery = {}): Promise<Alert[]> {
    const answer = await this.call(AlertListSchema, ALERTS_PATH, {
      query: { since: isoMoment(query.since, 'since'), deployment: query.deployment }
    });
    return answer.alerts;
  }

  acknowledge(id: string): Promise<Alert> {
    return this.call(AlertSchema, `${ALERTS_PATH}/${segment(id)}/acknowledge`, { method: 'POST' });
  }
}
