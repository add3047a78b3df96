import * as React from 'react';
import { exactTime, plural, relativeTime } from '../features/format';
import { ProblemAlert } from '../features/ProblemAlert';
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
  return (
    <div className="jp-mlportal-search">
      <form
        role="search"
        aria-label="Search models"
        className="jp-mlportal-search-form"
        onSubmit={event => {
          event.preventDefault();
          onSearch();
        }}
      >
        <input
          type="search"
          className="jp-mlportal-search-input"
          aria-label="Search models"
          placeholder="Search model names…"
          value={list.query}
          onChange={event => onQuery(event.target.value)}
        />
      </form>
      <ProblemAlert problem={list.problem} />
      <p className="jp-mlportal-result-count" aria-live="polite">
        {list.loading ? 'Searching…' : list.done && !list.problem ? modelCount(list) : ''}
      </p>
      <ul className="jp-mlportal-results" aria-label="Models" aria-busy={list.loading}>
        {list.models.map(model => (
          <ModelItem key={model.name} model={model} onOpen={onOpen} />
        ))}
      </ul>
    </div>
  );
}

function modelCount(list: IModelListState): string {
  if (list.models.length > 0) {
    return plural(list.models.length, 'model');
  }
  return list.query.trim() ? 'No model matches. Try other words.' : 'No models registered yet. Use "Register model" in a notebook cell’s toolbar.';
}

function ModelItem({ model, onOpen }: { model: RegisteredModel; onOpen(name: string): void }): JSX.Element {
  const aliases = Object.entries(model.aliases);
  return (
    <li className="jp-mlportal-hit jp-mlportal-model-item" data-model={model.name}>
      <div className="jp-mlportal-hit-head">
        <button type="button" className="jp-mlportal-hit-open" title={`Open the model ${model.name}`} onClick={() => onOpen(model.name)}>
          {model.name}
        </button>
        {model.productionVersion !== null && (
          <span className="jp-mlportal-badge jp-mlportal-stage jp-mlportal-stage-production" title="The version in production">
            production v{model.productionVersion}
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
        {plural(model.versionCount, 'version')}
        {model.latestVersion !== null && `, latest v${model.latestVersion}`} · updated{' '}
        <span title={exactTime(model.updatedAt)}>{relativeTime(model.updatedAt)}</span>
      </p>
    </li>
  );
}
