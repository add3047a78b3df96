import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { exactTime, formatNumber, relativeTime } from '../ui/format';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useTrans } from '../ui/TranslatorContext';
import type { IModelListState } from './state';
import type { RegisteredModel } from '@mlportal/sdk/core';

export interface IModelListViewProps {
  list: IModelListState;
  onQuery(query: string): void;
  onSearch(): void;
  onOpen(name: string): void;
}

/** The search box and the registered models matching it. */
export function ModelListView({ list, onQuery, onSearch, onOpen }: IModelListViewProps): JSX.Element {
  const trans = useTrans();
  return (
    <div className="jp-mlportal-search">
      <form
        role="search"
        aria-label={trans.__('Search models')}
        className="jp-mlportal-search-form"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch();
        }}
      >
        <input
          type="search"
          className="jp-mlportal-search-input"
          aria-label={trans.__('Search models')}
          placeholder={trans.__('Search model names…')}
          value={list.query}
          onChange={(event) => onQuery(event.target.value)}
        />
      </form>
      <ProblemAlert problem={list.problem} />
      <p className="jp-mlportal-result-count" aria-live="polite">
        {list.loading ? trans.__('Searching…') : list.done && !list.problem ? modelCount(list, trans) : ''}
      </p>
      <ul className="jp-mlportal-results" aria-label={trans.__('Models')} aria-busy={list.loading}>
        {list.models.map((model) => (
          <ModelItem key={model.name} model={model} onOpen={onOpen} />
        ))}
      </ul>
    </div>
  );
}

function modelCount(list: IModelListState, trans: TranslationBundle): string {
  if (list.models.length > 0) {
    return trans._n('%2 model', '%2 models', list.models.length, formatNumber(list.models.length));
  }
  return list.query.trim()
    ? trans.__('No model matches. Try other words.')
    : trans.__('No models registered yet. Use "Register model" in a notebook cell’s toolbar.');
}

function ModelItem({ model, onOpen }: { model: RegisteredModel; onOpen(name: string): void }): JSX.Element {
  const trans = useTrans();
  const aliases = Object.entries(model.aliases);
  return (
    <li className="jp-mlportal-hit jp-mlportal-model-item" data-model={model.name}>
      <div className="jp-mlportal-hit-head">
        <button
          type="button"
          className="jp-mlportal-hit-open"
          title={trans.__('Open the model %1', model.name)}
          onClick={() => onOpen(model.name)}
        >
          {model.name}
        </button>
        {model.productionVersion !== null && (
          <span className="jp-mlportal-badge jp-mlportal-stage jp-mlportal-stage-production" title={trans.__('The version in production')}>
            {trans.__('production v%1', model.productionVersion)}
          </span>
        )}
        {aliases.map(([alias, version]) => (
          <span key={alias} className="jp-mlportal-badge jp-mlportal-alias" title={`@${alias} → v${version}`}>
            @{alias}
          </span>
        ))}
      </div>
      {model.description && <p className="jp-mlportal-hit-description">{model.description}</p>}
      <p className="jp-mlportal-muted">
        {trans._n('%2 version', '%2 versions', model.versionCount, formatNumber(model.versionCount))}
        {model.latestVersion !== null && trans.__(', latest v%1', model.latestVersion)} · {trans.__('updated')}{' '}
        <span title={exactTime(model.updatedAt, trans)}>{relativeTime(model.updatedAt, trans)}</span>
      </p>
    </li>
  );
}
