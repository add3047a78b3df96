import * as React from 'react';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { useTrans } from '../../../ui/TranslatorContext';
import type { IDeploymentsPermissions } from '../../permissions';
import { DEPLOYMENT_PERMISSIONS, missingPermission } from '../../permissions';
import type { IWizardActions } from '../actions';
import type { IGateState } from '../state';
import { GateChecks } from './GateChecks';

export interface IGateStepProps {
  gate: IGateState;
  /** The chosen version's metric names, offered for thresholds. */
  metrics: string[];
  permissions: IDeploymentsPermissions | null;
  roles: readonly string[] | null;
  actions: IWizardActions;
}

/** Step 2: thresholds on the version's metrics and the production comparison, checked as a dry run. */
export function GateStep({ gate, metrics, permissions, roles, actions }: IGateStepProps): JSX.Element {
  const trans = useTrans();
  const failed = gate.result !== null && !gate.result.passed;
  return (
    <div className="jp-mlportal-wizard-step">
      <fieldset className="jp-mlportal-wizard-rules">
        <legend>{trans.__('Thresholds')}</legend>
        {gate.rules.length === 0 && (
          <p className="jp-mlportal-muted">{trans.__('No thresholds: only the production comparison applies.')}</p>
        )}
        <ul className="jp-mlportal-list" aria-label={trans.__('Thresholds')}>
          {gate.rules.map((rule, index) => (
            <li key={index} className="jp-mlportal-form-row" data-metric={rule.metric}>
              <select
                className="jp-mlportal-filter-select"
                aria-label={trans.__('Metric of threshold %1', index + 1)}
                value={rule.metric}
                onChange={(event) => actions.setRule(index, { metric: event.target.value })}
              >
                {[...new Set([rule.metric, ...metrics])].filter(Boolean).map((metric) => (
                  <option key={metric} value={metric}>
                    {metric}
                  </option>
                ))}
              </select>
              <select
                className="jp-mlportal-filter-select"
                aria-label={trans.__('Comparison of threshold %1', index + 1)}
                value={rule.op}
                onChange={(event) => actions.setRule(index, { op: event.target.value as '>=' | '<=' })}
              >
                <option value=">=">≥</option>
                <option value="<=">≤</option>
              </select>
              <input
                type="text"
                inputMode="decimal"
                className="jp-mlportal-text-input"
                aria-label={trans.__('Value of threshold %1', index + 1)}
                value={rule.value}
                onChange={(event) => actions.setRule(index, { value: event.target.value })}
              />
              <button
                type="button"
                className="jp-mlportal-remove"
                aria-label={trans.__('Remove threshold %1', index + 1)}
                onClick={() => actions.removeRule(index)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="jp-mlportal-link-button" onClick={actions.addRule}>
          + {trans.__('Add threshold')}
        </button>
      </fieldset>
      <label className="jp-mlportal-check">
        <input
          type="checkbox"
          checked={gate.compareToProduction}
          onChange={(event) => actions.setCompareToProduction(event.target.checked)}
        />
        {trans.__('Compare to production: no worse than the version in production on these metrics')}
      </label>
      <div className="jp-mlportal-form-row">
        <button type="button" className="jp-mlportal-button" disabled={gate.checking} onClick={() => void actions.checkGate()}>
          {gate.checking ? trans.__('Checking…') : trans.__('Check gate')}
        </button>
      </div>
      <ProblemAlert problem={gate.problem} />
      {gate.result && <GateChecks result={gate.result} />}
      {failed &&
        (permissions?.overrideGate ? (
          <label className="jp-mlportal-wizard-field">
            <span className="jp-mlportal-wizard-label">{trans.__('Override reason')}</span>
            <textarea
              className="jp-mlportal-text-input"
              aria-label={trans.__('Override reason')}
              placeholder={trans.__('Why this version may go out despite the failed checks')}
              value={gate.overrideReason}
              onChange={(event) => actions.setOverrideReason(event.target.value)}
            />
          </label>
        ) : (
          <p role="note" className="jp-mlportal-notice">
            {missingPermission(trans.__('Overriding a failed gate'), DEPLOYMENT_PERMISSIONS.overrideGate, roles, trans)}
          </p>
        ))}
    </div>
  );
}
