import type { GateResult } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber } from '../../../ui/format';
import { useTrans } from '../../../ui/TranslatorContext';

/** Each check of a gate: what was expected, what the version has, and whether it passed. */
export function GateChecks({ result, label }: { result: GateResult; label?: string }): JSX.Element {
  const trans = useTrans();
  return (
    <div className="jp-mlportal-gate-result" data-passed={result.passed}>
      <p role="status" className={result.passed ? 'jp-mlportal-done' : 'jp-mlportal-notice'}>
        {result.passed
          ? trans.__('The gate passed.')
          : trans.__('The gate failed: %1 of %2 checks.', result.checks.filter((check) => !check.passed).length, result.checks.length)}
        {result.overriddenBy && ` ${trans.__('Overridden by %1: %2', result.overriddenBy, result.overrideReason ?? '')}`}
      </p>
      {result.checks.length === 0 ? (
        <p className="jp-mlportal-muted">{trans.__('No checks: no thresholds, and nothing in production to compare with.')}</p>
      ) : (
        <table className="jp-mlportal-table" aria-label={label ?? trans.__('Gate checks')}>
          <thead>
            <tr>
              <th>{trans.__('Metric')}</th>
              <th>{trans.__('Check')}</th>
              <th>{trans.__('Expected')}</th>
              <th>{trans.__('Actual')}</th>
              <th>{trans.__('Result')}</th>
            </tr>
          </thead>
          <tbody>
            {result.checks.map((check, index) => (
              <tr key={index} data-metric={check.metric} data-kind={check.kind} data-passed={check.passed}>
                <td>{check.metric}</td>
                <td>{check.kind === 'production' ? trans.__('against production') : trans.__('threshold')}</td>
                <td>{check.expected}</td>
                <td data-field="actual">{check.actual === null ? trans.__('missing') : formatNumber(check.actual)}</td>
                <td data-field="result">{check.passed ? trans.__('passed') : trans.__('failed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
