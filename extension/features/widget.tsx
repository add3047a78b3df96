import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { featuresIcon } from '../icons';
import { ModelSidePanel } from '../ui/model-side-panel';
import { TranslatorContext } from '../ui/TranslatorContext';
import { FeatureDiscoveryView, type IFeatureDiscoveryActions } from './FeatureDiscoveryView';
import type { FeatureDiscoveryModel } from './model';

export const FEATURES_PANEL_ID = 'mlportal-features';

/** The React body; re-renders whenever the model's state changes. */
class FeatureDiscoveryBody extends ReactWidget {
  private readonly _actions: IFeatureDiscoveryActions;

  constructor(
    private readonly _model: FeatureDiscoveryModel,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-discovery-body');
    const model = _model;
    this._actions = {
      setFilters: (change) => model.setFilters(change),
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
      <TranslatorContext.Provider value={this._trans}>
        <UseSignal signal={this._model.stateChanged}>
          {() => <FeatureDiscoveryView state={this._model.state} actions={this._actions} />}
        </UseSignal>
      </TranslatorContext.Provider>
    );
  }
}

/** The left sidebar: a toolbar (its buttons come from schema/features.json) above the body. */
export class FeatureDiscoveryPanel extends ModelSidePanel {
  constructor(model: FeatureDiscoveryModel, trans: TranslationBundle) {
    super(model, new FeatureDiscoveryBody(model, trans), {
      id: FEATURES_PANEL_ID,
      className: 'jp-mlportal-features-panel',
      icon: featuresIcon,
      label: trans.__('Feature Discovery')
    });
  }
}
