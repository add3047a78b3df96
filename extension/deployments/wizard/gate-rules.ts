import type { TranslationBundle } from '@jupyterlab/translation';
import type { GateRule } from '@mlportal/sdk/core';
import { untranslated } from '../../ui/untranslated';

/** A threshold as the form holds it: the value as typed. */
export interface IRuleDraft {
  metric: string;
  op: GateRule['op'];
  value: string;
}

/** Metric names where smaller is better (errors and losses); anything else counts as larger-is-better. */
const LOWER_IS_BETTER = /(^|[_\-.])(rmse|mse|mae|mape|loss|error|err|logloss|brier)([_\-.]|$)/i;

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.test(metric);
}

/**
 * A starting threshold per metric of the version: no worse than the version itself, in the
 * direction its name suggests. The user tightens them; the gate checks them on the backend.
 */
export function defaultRules(metrics: Readonly<Record<string, number>>): IRuleDraft[] {
  return Object.keys(metrics)
    .sort()
    .map((metric) => ({ metric, op: lowerIsBetter(metric) ? '<=' : '>=', value: String(metrics[metric]) }));
}

/** The rules to send, or the first problem, naming the rule. */
export function parseRules(
  drafts: readonly IRuleDraft[],
  trans: TranslationBundle = untranslated
): { rules: GateRule[] } | { problem: string } {
  const rules: GateRule[] = [];
  for (const [index, draft] of drafts.entries()) {
    const metric = draft.metric.trim();
    if (!metric) {
      return { problem: trans.__('Threshold %1 names no metric.', index + 1) };
    }
    const value = Number(draft.value.trim());
    if (draft.value.trim() === '' || !Number.isFinite(value)) {
      return { problem: trans.__('Threshold %1 (%2): "%3" is not a number.', index + 1, metric, draft.value) };
    }
    rules.push({ metric, op: draft.op, value });
  }
  return { rules };
}
