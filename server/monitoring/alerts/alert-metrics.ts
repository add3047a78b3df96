/**
 * Alerts on /metrics: how many rules breach their threshold at their latest evaluation (firing,
 * whether or not a cooldown kept them quiet), and how many alerts were fired, by deployment and kind.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { registeredOnce } from '../../platform/metrics';
import type { AlertRule } from '@mlportal/contract';

export const ALERTS_FIRING = 'mlportal_alerts_firing';
export const ALERTS_FIRED_TOTAL = 'mlportal_alerts_fired_total';

type RuleKey = Pick<AlertRule, 'id' | 'deployment' | 'kind'>;

export class AlertMetrics {
  private readonly breaching = new Map<string, RuleKey>();
  private readonly fired: Counter<'deployment' | 'kind'>;

  constructor(registry: Registry) {
    const breaching = this.breaching;
    registeredOnce(
      registry,
      ALERTS_FIRING,
      () =>
        new Gauge({
          name: ALERTS_FIRING,
          help: 'Alert rules breaching their threshold at their latest evaluation, by deployment and kind',
          labelNames: ['deployment', 'kind'],
          registers: [registry],
          collect() {
            this.reset();
            for (const rule of breaching.values()) this.inc({ deployment: rule.deployment, kind: rule.kind });
          }
        })
    );
    this.fired = registeredOnce(
      registry,
      ALERTS_FIRED_TOTAL,
      () =>
        new Counter({
          name: ALERTS_FIRED_TOTAL,
          help: 'Alerts fired, by deployment and kind',
          labelNames: ['deployment', 'kind'],
          registers: [registry]
        })
    );
  }

  evaluated(rule: RuleKey, breached: boolean): void {
    if (breached) this.breaching.set(rule.id, { id: rule.id, deployment: rule.deployment, kind: rule.kind });
    else this.breaching.delete(rule.id);
  }

  firedOne(rule: RuleKey): void {
    this.fired.inc({ deployment: rule.deployment, kind: rule.kind });
  }

  forget(ruleId: string): void {
    this.breaching.delete(ruleId);
  }
}
