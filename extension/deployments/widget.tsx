import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { ModelSidePanel } from '../panel/model-side-panel';
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
async function confirmed(title: string, body: string, accept: string): Promise<boolean> {
  const answer = await showDialog({ title, body, buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: accept })] });
  return answer.button.accept;
}

/** The React body; re-renders whenever the model's state changes. */
class DeploymentsBody extends ReactWidget {
  private readonly _actions: IDeploymentsActions;

  constructor(
    private readonly _model: DeploymentsModel,
    openers: IDeploymentsOpeners
  ) {
    super();
    this.addClass('jp-mlportal-discovery-body');
    const model = _model;
    this._actions = {
      openWizard: openers.openWizard,
      openDashboard: openers.openDashboard,
      toggleEvents: name => void model.toggleEvents(name),
      rollback: name =>
        void confirmed('Roll back', `Put ${name}'s traffic back to what it was before its last rollout?`, 'Roll back').then(yes => (yes ? model.rollback(name) : undefined)),
      delete: name =>
        void confirmed('Delete deployment', `Delete ${name}? Its endpoint stops answering at once.`, 'Delete').then(yes => (yes ? model.delete(name) : undefined)),
      dismissAction: () => model.dismissAction()
    };
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.stateChanged}>
        {() => <DeploymentsView state={this._model.state} roles={this._model.roles} actions={this._actions} />}
      </UseSignal>
    );
  }
}

/** The left sidebar: a toolbar (its buttons come from schema/deployments.json) above the body; polls only while shown. */
export class DeploymentsPanel extends ModelSidePanel {
  constructor(
    private readonly _deployments: DeploymentsModel,
    openers: IDeploymentsOpeners
  ) {
    super(_deployments, new DeploymentsBody(_deployments, openers), {
      id: DEPLOYMENTS_PANEL_ID,
      className: 'jp-mlportal-deployments-panel',
      icon: deploymentsIcon,
      label: 'Deployments'
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
