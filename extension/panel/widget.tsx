import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { mlportalIcon } from '../icons';
import type { IConnectionModel } from '../tokens';
import { TranslatorContext } from '../ui/TranslatorContext';
import { ConnectionView } from './ConnectionView';

/** The left-sidebar shell; all it does is re-render the view whenever the model's state changes. */
export class ConnectionPanel extends ReactWidget {
  constructor(
    private readonly _model: IConnectionModel,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.id = 'mlportal-panel';
    this.addClass('jp-mlportal-panel');
    this.title.icon = mlportalIcon;
    this.title.caption = _trans.__('ML Portal');
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <UseSignal signal={this._model.stateChanged}>
          {() => <ConnectionView state={this._model.state} onRetry={() => void this._model.refresh()} />}
        </UseSignal>
      </TranslatorContext.Provider>
    );
  }
}
