import { ReactWidget, SidePanel, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { Panel } from '@lumino/widgets';
import * as React from 'react';
import { featuresIcon } from '../icons';
import { FeatureDiscoveryView, type IFeatureDiscoveryActions } from './FeatureDiscoveryView';
import type { FeatureDiscoveryModel } from './model';

export const FEATURES_PANEL_ID = 'mlportal-features';

/** The React body; re-renders whenever the model's state changes. */
class FeatureDiscoveryBody extends ReactWidget {
  private readonly _actions: IFeatureDiscoveryActions;

  constructor(private readonly _model: FeatureDiscoveryModel) {
    super();
    this.addClass('jp-mlportal-discovery-body');
    const model = _model;
    this._actions = {
      setFilters: change => model.setFilters(change),
      search: () => void model.search(),
      openGroup: (name, focus) => void model.openGroup(name, focus),
      closeGroup: () => model.closeGroup(),
      setSelected: (reference, selected) => model.setSelected(reference, selected),
      setGroupSelected: (group, selected) => model.setGroupSelected(group, selected),
      clearSelection: () => model.clearSelection()
    };
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.stateChanged}>
        {() => <FeatureDiscoveryView state={this._model.state} actions={this._actions} />}
      </UseSignal>
    );
  }
}

/**
 * The left-sidebar shell: a toolbar (its buttons come from schema/features.json) above the body.
 * Nothing is fetched until the panel is first shown.
 */
export class FeatureDiscoveryPanel extends SidePanel {
  constructor(private readonly _model: FeatureDiscoveryModel) {
    super({ content: new Panel() });
    this.id = FEATURES_PANEL_ID;
    this.addClass('jp-mlportal-panel');
    this.addClass('jp-mlportal-features-panel');
    this.title.icon = featuresIcon;
    this.title.caption = 'Feature Discovery';
    this.node.setAttribute('aria-label', 'Feature Discovery');
    this.addWidget(new FeatureDiscoveryBody(_model));
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this._model.start();
  }
}
