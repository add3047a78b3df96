/**
 * The deployment gate: a candidate version's registered metrics against fixed thresholds and,
 * unless turned off, against the version now in production (the candidate may not be worse on any
 * metric a threshold names; the threshold's op says which direction is better).
 */
import { ownEntry } from '../../platform/own';
import type { GateCheck, GateRequest, GateResult, GateRule, ModelVersion } from '@mlportal/contract';

export const DEFAULT_GATE: GateRequest = { thresholds: [], compareToProduction: true };

export function evaluateGate(candidate: ModelVersion, request: GateRequest, production: ModelVersion | null, now: Date): GateResult {
  const checks: GateCheck[] = request.thresholds.map((rule) => {
    const actual = ownEntry(candidate.metrics, rule.metric) ?? null;
    return {
      metric: rule.metric,
      kind: 'threshold',
      expected: `${rule.op} ${rule.value}`,
      actual,
      passed: meets(actual, rule.op, rule.value)
    };
  });
  if (request.compareToProduction && production && production.version !== candidate.version) {
    for (const rule of firstRulePerMetric(request.thresholds)) {
      const baseline = ownEntry(production.metrics, rule.metric);
      // A metric the production version never recorded gives nothing to compare with.
      if (baseline === undefined) continue;
      const actual = ownEntry(candidate.metrics, rule.metric) ?? null;
      checks.push({
        metric: rule.metric,
        kind: 'production',
        expected: `${rule.op} ${baseline} (v${production.version} in production)`,
        actual,
        passed: meets(actual, rule.op, baseline)
      });
    }
  }
  return { passed: checks.every((check) => check.passed), checks, checkedAt: now.toISOString() };
}

function meets(actual: number | null, op: GateRule['op'], value: number): boolean {
  if (actual === null) return false;
  return op === '>=' ? actual >= value : actual <= value;
}

function firstRulePerMetric(rules: GateRule[]): GateRule[] {
  const seen = new Set<string>();
  return rules.filter((rule) => !seen.has(rule.metric) && seen.add(rule.metric));
}
