import { MainAreaWidget, ToolbarButton } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, refreshIcon, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { TranslatorContext } from '../ui/TranslatorContext';
import type { LabellingModel } from './labelling-model';
import { LabellingView, type ILabellingActions } from './LabellingView';

class LabellingBody extends ReactWidget {
  private readonly _actions: ILabellingActions;

  constructor(
    private readonly _model: LabellingModel,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-labelling-body');
    this._actions = {
      setDraft: (predictionId, text) => _model.setDraft(predictionId, text),
      send: (predictionId) => void _model.send(predictionId),
      reload: () => void _model.refresh()
    };
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <UseSignal signal={this._model.stateChanged}>{() => <LabellingView state={this._model.state} actions={this._actions} />}</UseSignal>
      </TranslatorContext.Provider>
    );
  }
}

/** A deployment's labelling queue in the main area, with Refresh in its toolbar. */
export class LabellingWidget extends MainAreaWidget<LabellingBody> {
  constructor(
    readonly model: LabellingModel,
    trans: TranslationBundle
  ) {
    super({ content: new LabellingBody(model, trans) });
    this.id = labellingWidgetId(model.state.deployment);
    this.title.label = trans.__('Labelling · %1', model.state.deployment);
    this.title.caption = trans.__('Low-confidence predictions of %1 waiting for a label', model.state.deployment);
    this.title.closable = true;
    this.addClass('jp-mlportal-labelling-widget');
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        label: trans.__('Refresh'),
        tooltip: trans.__('Read the queue again'),
        onClick: () => void model.refresh()
      })
    );
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}

export function labellingWidgetId(deployment: string): string {
  return `mlportal-labelling-${deployment}`;
}
