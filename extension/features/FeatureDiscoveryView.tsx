import type { Group } from '@mlportal/sdk/core';
import * as React from 'react';
import { GroupView } from './GroupView';
import { SearchView } from './SearchView';
import type { IFeatureDiscoveryState, ISearchFilters } from './state';

/** What the view asks of its owner; the model does all of it. */
export interface IFeatureDiscoveryActions {
  setFilters(change: Partial<ISearchFilters>): void;
  search(): void;
  openGroup(name: string, focus?: string): void;
  closeGroup(): void;
  setSelected(reference: string, selected: boolean): void;
  setGroupSelected(group: Group, selected: boolean): void;
  clearSelection(): void;
}

export interface IFeatureDiscoveryViewProps {
  state: IFeatureDiscoveryState;
  actions: IFeatureDiscoveryActions;
}

/** The sidebar's body: the selected features, then either the search or one group's page. */
export function FeatureDiscoveryView({ state, actions }: IFeatureDiscoveryViewProps): JSX.Element {
  return (
    <div className="jp-mlportal-discovery">
      <SelectionBar selection={state.selection} onRemove={reference => actions.setSelected(reference, false)} onClear={actions.clearSelection} />
      {state.page ? (
        <GroupView
          page={state.page}
          selection={state.selection}
          onBack={actions.closeGroup}
          onSelect={actions.setSelected}
          onSelectGroup={actions.setGroupSelected}
        />
      ) : (
        <SearchView
          filters={state.filters}
          facets={state.facets}
          search={state.search}
          selection={state.selection}
          onFilters={actions.setFilters}
          onSearch={actions.search}
          onOpen={actions.openGroup}
          onSelect={actions.setSelected}
        />
      )}
    </div>
  );
}

interface ISelectionBarProps {
  selection: readonly string[];
  onRemove(reference: string): void;
  onClear(): void;
}

function SelectionBar({ selection, onRemove, onClear }: ISelectionBarProps): JSX.Element {
  if (selection.length === 0) {
    return (
      <p className="jp-mlportal-selection jp-mlportal-muted" data-count={0}>
        Select features to insert code for them or copy their references.
      </p>
    );
  }
  return (
    <div className="jp-mlportal-selection" role="region" aria-label="Selected features" data-count={selection.length}>
      <div className="jp-mlportal-selection-head">
        <span>{selection.length === 1 ? '1 feature selected' : `${selection.length} features selected`}</span>
        <button type="button" className="jp-mlportal-link-button" onClick={onClear}>
          Clear
        </button>
      </div>
      <ul className="jp-mlportal-selection-list">
        {selection.map(reference => (
          <li key={reference}>
            <code>{reference}</code>
            <button type="button" className="jp-mlportal-remove" aria-label={`Remove ${reference}`} title={`Remove ${reference}`} onClick={() => onRemove(reference)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
