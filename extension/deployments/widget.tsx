import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { ModelSidePanel } from '../ui/model-side-panel';
import { TranslatorContext } from '../ui/TranslatorContext';
import { deploymentsIcon } from './icon';
import type { DeploymentsModel } from './model';
import { DeploymentsView, type IDeploymentsActions } from './views/DeploymentsView';

export const DEPLOYMENTS_PANEL_ID = 'mlportal-deployments';

/** What the sidebar opens elsewhere (commands of other plugins). */
export interface IDeploymentsOpeners {
  openWizard(): void;
  openDashboard(name: string): void;
}

/** Asks before an action that changes what is served. */
async function confirmed(title: string, body: string, accept: string, trans: TranslationBundle): Promise<boolean> {
  const answer = await showDialog({
    title,
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.warnButton({ label: accept })]
  });
  return answer.button.accept;
}

/** The React body; re-renders whenever the model's state changes. */
class DeploymentsBody extends ReactWidget {
  private readonly _actions: IDeploymentsActions;

  constructor(
    private readonly _model: DeploymentsModel,
    openers: IDeploymentsOpeners,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-discovery-body');
    const model = _model;
    this._actions = {
      openWizard: openers.openWizard,
      openDashboard: openers.openDashboard,
      toggleEvents: (name) => void model.toggleEvents(name),
      rollback: (name) =>
        void confirmed(
          _trans.__('Roll back'),
          _trans.__("Put %1's traffic back to what it was before its last rollout?", name),
          _trans.__('Roll back'),
          _trans
        ).then((yes) => (yes ? model.rollback(name) : undefined)),
      delete: (name) =>
        void confirmed(
          _trans.__('Delete deployment'),
          _trans.__('Delete %1? Its endpoint stops answering at once.', name),
          _trans.__('Delete'),
          _trans
        ).then((yes) => (yes ? model.delete(name) : undefined)),
      dismissAction: () => model.dismissAction()
    };
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <UseSignal signal={this._model.stateChanged}>
          {() => <DeploymentsView state={this._model.state} roles={this._model.roles} actions={this._actions} />}
        </UseSignal>
      </TranslatorContext.Provider>
    );
  }
}

/** The left sidebar: a toolbar (its buttons come from schema/deployments.json) above the body; polls only while shown. */
export class DeploymentsPanel extends ModelSidePanel {
  constructor(
    private readonly _deployments: DeploymentsModel,
    openers: IDeploymentsOpeners,
    trans: TranslationBundle
  ) {
    super(_deployments, new DeploymentsBody(_deployments, openers, trans), {
      id: DEPLOYMENTS_PANEL_ID,
      className: 'jp-mlportal-deployments-panel',
      icon: deploymentsIcon,
      label: trans.__('Deployments')
    });
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._deployments.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._deployments.setVisible(false);
  }
}
