import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { registryIcon } from '../icons';
import { ModelSidePanel } from '../ui/model-side-panel';
import { TranslatorContext } from '../ui/TranslatorContext';
import type { MarkdownRenderer } from './ModelCard';
import type { ModelRegistryModel } from './model';
import { RegistryView, type IRegistryActions } from './RegistryView';
import type { LineageFeature } from '@mlportal/sdk/core';

export const REGISTRY_PANEL_ID = 'mlportal-registry';

export interface IRegistryPanelOptions {
  renderMarkdown: MarkdownRenderer | null;
  /** Opens a feature in Feature Discovery; null when it is not installed. */
  openFeature: ((feature: LineageFeature) => void) | null;
  /** Opens the deploy wizard on a version; null when it is not installed. */
  deploy: ((model: string, version: number) => void) | null;
  /** The plugin's translation bundle. */
  trans: TranslationBundle;
}

/** The React body; re-renders whenever the model's state changes. */
class RegistryBody extends ReactWidget {
  private readonly _actions: IRegistryActions;

  constructor(
    private readonly _model: ModelRegistryModel,
    private readonly _options: IRegistryPanelOptions
  ) {
    super();
    this.addClass('jp-mlportal-discovery-body');
    const model = _model;
    const report = (error: unknown) => console.error('mlportal: model registry action failed.', error);
    this._actions = {
      setQuery: (query) => model.setQuery(query),
      search: () => void model.search(),
      openModel: (name) => void model.openModel(name),
      openVersion: (name, version) => void model.openVersion(name, version),
      setCompared: (version, compared) => model.setCompared(version, compared),
      openCompare: (name) => void model.openCompare(name).catch(report),
      back: () => model.back(),
      reload: () => void model.reload(),
      transition: (stage, options) => void model.transition(stage, options).catch(report),
      setAlias: (alias) => void model.setAlias(alias).catch(report),
      deleteAlias: (alias) => void model.deleteAlias(alias).catch(report),
      dismissAction: () => model.dismissAction(),
      openFeature: _options.openFeature,
      deploy: _options.deploy
    };
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._options.trans}>
        <UseSignal signal={this._model.stateChanged}>
          {() => (
            <RegistryView
              state={this._model.state}
              roles={this._model.roles}
              actions={this._actions}
              renderMarkdown={this._options.renderMarkdown}
            />
          )}
        </UseSignal>
      </TranslatorContext.Provider>
    );
  }
}

/** The left sidebar: a toolbar (its buttons come from schema/registry.json) above the body. */
export class ModelRegistryPanel extends ModelSidePanel {
  constructor(model: ModelRegistryModel, options: IRegistryPanelOptions) {
    super(model, new RegistryBody(model, options), {
      id: REGISTRY_PANEL_ID,
      className: 'jp-mlportal-registry-panel',
      icon: registryIcon,
      label: options.trans.__('Model Registry')
    });
  }
}
