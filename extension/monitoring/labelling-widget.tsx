import { MainAreaWidget, ToolbarButton } from '@jupyterlab/apputils';
import { ReactWidget, refreshIcon, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { LabellingModel } from './labelling-model';
import { LabellingView, type ILabellingActions } from './LabellingView';

class LabellingBody extends ReactWidget {
  private readonly _actions: ILabellingActions;

  constructor(private readonly _model: LabellingModel) {
    super();
    this.addClass('jp-mlportal-labelling-body');
    this._actions = {
      setDraft: (predictionId, text) => _model.setDraft(predictionId, text),
      send: predictionId => void _model.send(predictionId),
      reload: () => void _model.refresh()
    };
  }

  protected render(): JSX.Element {
    return <UseSignal signal={this._model.stateChanged}>{() => <LabellingView state={this._model.state} actions={this._actions} />}</UseSignal>;
  }
}

/** A deployment's labelling queue in the main area, with Refresh in its toolbar. */
export class LabellingWidget extends MainAreaWidget<LabellingBody> {
  constructor(readonly model: LabellingModel) {
    super({ content: new LabellingBody(model) });
    this.id = labellingWidgetId(model.state.deployment);
    this.title.label = `Labelling · ${model.state.deployment}`;
    this.title.caption = `Low-confidence predictions of ${model.state.deployment} waiting for a label`;
    this.title.closable = true;
    this.addClass('jp-mlportal-labelling-widget');
    this.toolbar.addItem('refresh', new ToolbarButton({ icon: refreshIcon, label: 'Refresh', tooltip: 'Read the queue again', onClick: () => void model.refresh() }));
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}

export function labellingWidgetId(deployment: string): string {
  return `mlportal-labelling-${deployment}`;
}
