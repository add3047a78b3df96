import * as React from 'react';
import { useTrans } from '../../ui/TranslatorContext';
import type { IWizardActions } from './actions';
import type { DeployWizardModel } from './model';
import { stepTitle, WIZARD_STEPS, type IWizardState } from './state';
import { ChooseStep } from './steps/ChooseStep';
import { ConfigureStep } from './steps/ConfigureStep';
import { GateStep } from './steps/GateStep';
import { LiveStep } from './steps/LiveStep';
import { ReviewStep } from './steps/ReviewStep';

export interface IWizardViewProps {
  state: IWizardState;
  /** What the steps read beyond the state: the chosen version, the deployment it would replace, what blocks the step. */
  derived: Pick<DeployWizardModel, 'chosenVersion' | 'existingDeployment' | 'blocker'>;
  roles: readonly string[] | null;
  actions: IWizardActions;
}

/** The deploy wizard: its steps in order, the current one, and the way forward and back. */
export function WizardView({ state, derived, roles, actions }: IWizardViewProps): JSX.Element {
  const trans = useTrans();
  const { step } = state;
  const version = derived.chosenVersion;
  const existing = derived.existingDeployment;
  const blocker = derived.blocker(step);
  let body: JSX.Element | null = null;
  if (step === 'model') {
    body = <ChooseStep choice={state.choice} actions={actions} />;
  } else if (step === 'gate') {
    body = (
      <GateStep
        gate={state.gate}
        metrics={Object.keys(version?.metrics ?? {})}
        permissions={state.permissions}
        roles={roles}
        actions={actions}
      />
    );
  } else if (step === 'configure' && version) {
    body = (
      <ConfigureStep
        config={state.config}
        version={version}
        versions={state.choice.versions}
        existing={existing}
        problem={blocker}
        actions={actions}
      />
    );
  } else if (step === 'review') {
    body = <ReviewStep review={state.review} deploy={state.deploy} isRollout={existing !== null} />;
  } else if (step === 'live') {
    body = (
      <LiveStep
        live={state.live}
        hasFeatures={(version?.lineage.features.length ?? 0) > 0}
        permissions={state.permissions}
        roles={roles}
        actions={actions}
      />
    );
  }
  return (
    <div className="jp-mlportal-wizard">
      <h2 className="jp-mlportal-wizard-title">
        {state.choice.model === null
          ? trans.__('Deploy a model')
          : state.choice.version !== null
            ? trans.__('Deploy %1 v%2', state.choice.model, state.choice.version)
            : trans.__('Deploy %1', state.choice.model)}
      </h2>
      <ol className="jp-mlportal-wizard-steps" aria-label={trans.__('Steps')}>
        {WIZARD_STEPS.map((each, index) => (
          <li key={each} aria-current={each === step ? 'step' : undefined} data-step={each}>
            {index + 1}. {stepTitle(each, trans)}
          </li>
        ))}
      </ol>
      <section className="jp-mlportal-wizard-body" aria-label={stepTitle(step, trans)}>
        <h3>{stepTitle(step, trans)}</h3>
        {body}
      </section>
      {step !== 'live' && (
        <div className="jp-mlportal-wizard-nav">
          <button type="button" className="jp-mlportal-button" disabled={step === 'model'} onClick={actions.back}>
            {trans.__('Back')}
          </button>
          {step === 'review' ? (
            <button
              type="button"
              className="jp-mlportal-button jp-mod-accept"
              disabled={blocker !== null || state.deploy.busy || state.review.loading || state.review.plan === null}
              onClick={() => void actions.deploy()}
            >
              {existing ? trans.__('Roll out') : trans.__('Deploy')}
            </button>
          ) : (
            <button
              type="button"
              className="jp-mlportal-button jp-mod-accept"
              disabled={blocker !== null}
              onClick={() => void actions.next()}
            >
              {trans.__('Next')}
            </button>
          )}
          {blocker && step !== 'configure' && <span className="jp-mlportal-muted">{blocker}</span>}
        </div>
      )}
    </div>
  );
}
