import * as React from 'react';
import { describeValue } from '../../describe';
import type { IDeployState, IReviewState } from '../state';
import { ProblemAlert } from './Field';
import { GateChecks } from './GateChecks';

/** Step 4: the dry run's changes against what runs now, and the gate the deployment will carry. */
export function ReviewStep({ review, deploy, isRollout }: { review: IReviewState; deploy: IDeployState; isRollout: boolean }): JSX.Element {
  const plan = review.plan;
  return (
    <div className="jp-mlportal-wizard-step">
      {review.loading && <p className="jp-mlportal-loading">Asking the backend what would change…</p>}
      <ProblemAlert problem={review.problem} />
      {plan && (
        <>
          <p>{isRollout ? `A rollout to ${plan.deployment.name}:` : `A new deployment, ${plan.deployment.name}:`}</p>
          {plan.changes.length === 0 ? (
            <p className="jp-mlportal-muted">Nothing changes against what runs now.</p>
          ) : (
            <table className="jp-mlportal-table" aria-label="Changes">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Now</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {plan.changes.map(change => (
                  <tr key={change.field} data-field={change.field}>
                    <td>{change.field}</td>
                    <td data-side="from">{describeValue(change.from)}</td>
                    <td data-side="to">{describeValue(change.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <GateChecks result={plan.gate} label="Gate of the deployment" />
        </>
      )}
      {deploy.busy && (
        <p className="jp-mlportal-loading" aria-live="polite">
          Deploying: loading the versions…
        </p>
      )}
      <ProblemAlert problem={deploy.problem} />
      {deploy.refusedGate && <GateChecks result={deploy.refusedGate} label="Refused gate" />}
    </div>
  );
}
