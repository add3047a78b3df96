import { MainAreaWidget } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { TranslatorContext } from '../../ui/TranslatorContext';
import { deploymentsIcon } from '../icon';
import type { IWizardActions } from './actions';
import type { DeployWizardModel } from './model';
import { WizardView } from './WizardView';

export const WIZARD_ID = 'mlportal-deploy-wizard';

/** The React body; re-renders whenever the model's state changes, and reads the live status only while shown. */
class WizardBody extends ReactWidget {
  private readonly _actions: IWizardActions;

  constructor(
    private readonly _model: DeployWizardModel,
    openDeployments: () => void,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-wizard-body-widget');
    const model = _model;
    this._actions = {
      chooseModel: (name) => model.chooseModel(name),
      chooseVersion: (version) => model.chooseVersion(version),
      next: () => model.next(),
      back: () => model.back(),
      setRule: (index, change) => model.setRule(index, change),
      addRule: () => model.addRule(),
      removeRule: (index) => model.removeRule(index),
      setCompareToProduction: (compare) => model.setCompareToProduction(compare),
      setOverrideReason: (reason) => model.setOverrideReason(reason),
      checkGate: () => model.checkGate(),
      setConfig: (change) => model.setConfig(change),
      loadReview: () => model.loadReview(),
      deploy: () => model.deploy(),
      setTestRequest: (text) => model.setTestRequest(text),
      fillTestRequest: (kind) => model.fillTestRequest(kind),
      sendTestRequest: () => model.sendTestRequest(),
      openDeployments
    };
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <UseSignal signal={this._model.stateChanged}>
          {() => <WizardView state={this._model.state} derived={this._model} roles={this._model.roles} actions={this._actions} />}
        </UseSignal>
      </TranslatorContext.Provider>
    );
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._model.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._model.setVisible(false);
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._model.setVisible(this.isVisible);
  }
}

/** The wizard in the main area; closing it disposes its model (and stops its polling). */
export class DeployWizard extends MainAreaWidget<WizardBody> {
  constructor(
    readonly model: DeployWizardModel,
    openDeployments: () => void,
    trans: TranslationBundle
  ) {
    super({ content: new WizardBody(model, openDeployments, trans) });
    this.id = WIZARD_ID;
    this.addClass('jp-mlportal-wizard-panel');
    this.title.label = trans.__('Deploy Model');
    this.title.icon = deploymentsIcon;
    this.title.closable = true;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }
}
