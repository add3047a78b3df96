import * as React from 'react';
import { describeValue } from '../../describe';
import { DEPLOYMENT_PERMISSIONS, missingPermission, type IDeploymentsPermissions } from '../../permissions';
import { StatsTable, TrafficBar } from '../../views/StatsTable';
import type { IWizardActions } from '../actions';
import type { ILiveState } from '../state';
import { ProblemAlert } from './Field';

export interface ILiveStepProps {
  live: ILiveState;
  /** Whether the version has feature lineage (then a request may carry entity keys). */
  hasFeatures: boolean;
  permissions: IDeploymentsPermissions | null;
  roles: readonly string[] | null;
  actions: IWizardActions;
}

/** Step 5: the deployment as it runs (state, versions, split, live figures) and a test request. */
export function LiveStep({ live, hasFeatures, permissions, roles, actions }: ILiveStepProps): JSX.Element {
  const deployment = live.deployment;
  const result = live.result;
  return (
    <div className="jp-mlportal-wizard-step">
      <section aria-label="Live status" className="jp-mlportal-wizard-live">
        <p>
          <strong>{live.name}</strong>{' '}
          <span className="jp-mlportal-badge" data-field="state" data-state={deployment?.state}>
            {deployment?.state ?? '…'}
          </span>{' '}
          {deployment?.reason && <span className="jp-mlportal-notice">{deployment.reason}</span>}
        </p>
        <ProblemAlert problem={live.problem} />
        {deployment && (
          <>
            <TrafficBar traffic={deployment.traffic} />
            {deployment.shadow && <p className="jp-mlportal-muted">Shadow: {describeValue(deployment.shadow)}</p>}
            <StatsTable stats={deployment.stats} label="Live figures" />
          </>
        )}
        <button type="button" className="jp-mlportal-link-button" onClick={actions.openDeployments}>
          Show in the Deployments sidebar
        </button>
      </section>
      <section aria-label="Test request" className="jp-mlportal-wizard-test">
        <h4>Test request</h4>
        <textarea
          className="jp-mlportal-text-input jp-mlportal-wizard-request"
          aria-label="Test request"
          spellCheck={false}
          rows={4}
          value={live.request}
          onChange={event => actions.setTestRequest(event.target.value)}
        />
        <div className="jp-mlportal-form-row">
          <button
            type="button"
            className="jp-mlportal-button"
            disabled={live.sending || permissions?.sendPredictions === false}
            onClick={() => void actions.sendTestRequest()}
          >
            {live.sending ? 'Sending…' : 'Send'}
          </button>
          <button type="button" className="jp-mlportal-link-button" onClick={() => void actions.fillTestRequest('instances')}>
            Fill with zeros
          </button>
          {hasFeatures && (
            <button type="button" className="jp-mlportal-link-button" onClick={() => void actions.fillTestRequest('entities')}>
              Fill with entity keys
            </button>
          )}
        </div>
        {permissions?.sendPredictions === false && (
          <p role="note" className="jp-mlportal-notice">
            {missingPermission('Sending requests', DEPLOYMENT_PERMISSIONS.sendPredictions, roles)}
          </p>
        )}
        <ProblemAlert problem={live.requestProblem} />
        {result && (
          <dl className="jp-mlportal-details" role="group" aria-label="Prediction">
            <dt>Prediction</dt>
            <dd data-field="prediction">{result.predictions.map(prediction => JSON.stringify(prediction)).join(', ')}</dd>
            <dt>Prediction id</dt>
            <dd data-field="prediction-id">{result.predictionIds.join(', ')}</dd>
            <dt>Served by</dt>
            <dd data-field="served-by">
              {result.model} v{result.version}
            </dd>
            <dt>Sent</dt>
            <dd data-field="sent">{live.sent}</dd>
          </dl>
        )}
      </section>
    </div>
  );
}
