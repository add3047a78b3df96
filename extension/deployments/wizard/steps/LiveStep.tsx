import * as React from 'react';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { useTrans } from '../../../ui/TranslatorContext';
import { describeValue } from '../../describe';
import { DEPLOYMENT_PERMISSIONS, missingPermission, type IDeploymentsPermissions } from '../../permissions';
import { StatsTable, TrafficBar } from '../../views/StatsTable';
import type { IWizardActions } from '../actions';
import type { ILiveState } from '../state';

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
  const trans = useTrans();
  const deployment = live.deployment;
  const result = live.result;
  return (
    <div className="jp-mlportal-wizard-step">
      <section aria-label={trans.__('Live status')} className="jp-mlportal-wizard-live">
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
            {deployment.shadow && <p className="jp-mlportal-muted">{trans.__('Shadow: %1', describeValue(deployment.shadow))}</p>}
            <StatsTable stats={deployment.stats} label={trans.__('Live figures')} />
          </>
        )}
        <button type="button" className="jp-mlportal-link-button" onClick={actions.openDeployments}>
          {trans.__('Show in the Deployments sidebar')}
        </button>
      </section>
      <section aria-label={trans.__('Test request')} className="jp-mlportal-wizard-test">
        <h4>{trans.__('Test request')}</h4>
        <textarea
          className="jp-mlportal-text-input jp-mlportal-wizard-request"
          aria-label={trans.__('Test request')}
          spellCheck={false}
          rows={4}
          value={live.request}
          onChange={(event) => actions.setTestRequest(event.target.value)}
        />
        <div className="jp-mlportal-form-row">
          <button
            type="button"
            className="jp-mlportal-button"
            disabled={live.sending || permissions?.sendPredictions === false}
            onClick={() => void actions.sendTestRequest()}
          >
            {live.sending ? trans.__('Sending…') : trans.__('Send')}
          </button>
          <button type="button" className="jp-mlportal-link-button" onClick={() => void actions.fillTestRequest('instances')}>
            {trans.__('Fill with zeros')}
          </button>
          {hasFeatures && (
            <button type="button" className="jp-mlportal-link-button" onClick={() => void actions.fillTestRequest('entities')}>
              {trans.__('Fill with entity keys')}
            </button>
          )}
        </div>
        {permissions?.sendPredictions === false && (
          <p role="note" className="jp-mlportal-notice">
            {missingPermission(trans.__('Sending requests'), DEPLOYMENT_PERMISSIONS.sendPredictions, roles, trans)}
          </p>
        )}
        <ProblemAlert problem={live.requestProblem} />
        {result && (
          <dl className="jp-mlportal-details" role="group" aria-label={trans.__('Prediction')}>
            <dt>{trans.__('Prediction')}</dt>
            <dd data-field="prediction">{result.predictions.map((prediction) => JSON.stringify(prediction)).join(', ')}</dd>
            <dt>{trans.__('Prediction id')}</dt>
            <dd data-field="prediction-id">{result.predictionIds.join(', ')}</dd>
            <dt>{trans.__('Served by')}</dt>
            <dd data-field="served-by">
              {result.model} v{result.version}
            </dd>
            <dt>{trans.__('Sent')}</dt>
            <dd data-field="sent">{live.sent}</dd>
          </dl>
        )}
      </section>
    </div>
  );
}
