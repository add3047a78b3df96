import type { Group } from '@mlportal/sdk/core';
import * as React from 'react';
import { useTrans } from '../ui/TranslatorContext';
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
      <SelectionBar
        selection={state.selection}
        onRemove={(reference) => actions.setSelected(reference, false)}
        onClear={actions.clearSelection}
      />
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
  const trans = useTrans();
  if (selection.length === 0) {
    return (
      <p className="jp-mlportal-selection jp-mlportal-muted" data-count={0}>
        {trans.__('Select features to insert code for them or copy their references.')}
      </p>
    );
  }
  return (
    <div className="jp-mlportal-selection" role="region" aria-label={trans.__('Selected features')} data-count={selection.length}>
      <div className="jp-mlportal-selection-head">
        <span>{trans._n('%1 feature selected', '%1 features selected', selection.length)}</span>
        <button type="button" className="jp-mlportal-link-button" onClick={onClear}>
          {trans.__('Clear')}
        </button>
      </div>
      <ul className="jp-mlportal-selection-list">
        {selection.map((reference) => (
          <li key={reference}>
            <code>{reference}</code>
            <button
              type="button"
              className="jp-mlportal-remove"
              aria-label={trans.__('Remove %1', reference)}
              title={trans.__('Remove %1', reference)}
              onClick={() => onRemove(reference)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
