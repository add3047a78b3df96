import * as React from 'react';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { useTrans } from '../../../ui/TranslatorContext';
import { describeValue } from '../../describe';
import type { IDeployState, IReviewState } from '../state';
import { GateChecks } from './GateChecks';

/** Step 4: the dry run's changes against what runs now, and the gate the deployment will carry. */
export function ReviewStep({ review, deploy, isRollout }: { review: IReviewState; deploy: IDeployState; isRollout: boolean }): JSX.Element {
  const trans = useTrans();
  const plan = review.plan;
  return (
    <div className="jp-mlportal-wizard-step">
      {review.loading && <p className="jp-mlportal-loading">{trans.__('Asking the backend what would change…')}</p>}
      <ProblemAlert problem={review.problem} />
      {plan && (
        <>
          <p>{isRollout ? trans.__('A rollout to %1:', plan.deployment.name) : trans.__('A new deployment, %1:', plan.deployment.name)}</p>
          {plan.changes.length === 0 ? (
            <p className="jp-mlportal-muted">{trans.__('Nothing changes against what runs now.')}</p>
          ) : (
            <table className="jp-mlportal-table" aria-label={trans.__('Changes')}>
              <thead>
                <tr>
                  <th>{trans.__('Field')}</th>
                  <th>{trans.__('Now')}</th>
                  <th>{trans.__('After')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.changes.map((change) => (
                  <tr key={change.field} data-field={change.field}>
                    <td>{change.field}</td>
                    <td data-side="from">{describeValue(change.from)}</td>
                    <td data-side="to">{describeValue(change.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <GateChecks result={plan.gate} label={trans.__('Gate of the deployment')} />
        </>
      )}
      {deploy.busy && (
        <p className="jp-mlportal-loading" aria-live="polite">
          {trans.__('Deploying: loading the versions…')}
        </p>
      )}
      <ProblemAlert problem={deploy.problem} />
      {deploy.refusedGate && <GateChecks result={deploy.refusedGate} label={trans.__('Refused gate')} />}
    </div>
  );
}
