import type { GateResult } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber } from '../../../features/format';

/** Each check of a gate: what was expected, what the version has, and whether it passed. */
export function GateChecks({ result, label = 'Gate checks' }: { result: GateResult; label?: string }): JSX.Element {
  return (
    <div className="jp-mlportal-gate-result" data-passed={result.passed}>
      <p role="status" className={result.passed ? 'jp-mlportal-done' : 'jp-mlportal-notice'}>
        {result.passed ? 'The gate passed.' : `The gate failed: ${result.checks.filter(check => !check.passed).length} of ${result.checks.length} checks.`}
        {result.overriddenBy && ` Overridden by ${result.overriddenBy}: ${result.overrideReason ?? ''}`}
      </p>
      {result.checks.length === 0 ? (
        <p className="jp-mlportal-muted">No checks: no thresholds, and nothing in production to compare with.</p>
      ) : (
        <table className="jp-mlportal-table" aria-label={label}>
          <thead>
            <tr>
              <th>Metric</th>
              <th>Check</th>
              <th>Expected</th>
              <th>Actual</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {result.checks.map((check, index) => (
              <tr key={index} data-metric={check.metric} data-kind={check.kind} data-passed={check.passed}>
                <td>{check.metric}</td>
                <td>{check.kind === 'production' ? 'against production' : 'threshold'}</td>
                <td>{check.expected}</td>
                <td data-field="actual">{check.actual === null ? 'missing' : formatNumber(check.actual)}</td>
                <td data-field="result">{check.passed ? 'passed' : 'failed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
