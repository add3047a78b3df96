import type { TranslationBundle } from '@jupyterlab/translation';
import type { FeatureType, SearchHit } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, formatNumber, relativeTime } from '../ui/format';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useTrans } from '../ui/TranslatorContext';
import type { IFacets, ISearchFilters, ISearchState } from './state';

// A record over the SDK's FeatureType, so a type added there fails to compile here until it is offered.
const FEATURE_TYPES: Record<FeatureType, true> = { int64: true, float64: true, string: true, bool: true, timestamp: true };

/** The feature types offered by the type filter. */
export const FEATURE_TYPE_CHOICES = Object.keys(FEATURE_TYPES) as FeatureType[];

export interface ISearchViewProps {
  filters: ISearchFilters;
  facets: IFacets;
  search: ISearchState;
  selection: readonly string[];
  onFilters(change: Partial<ISearchFilters>): void;
  onSearch(): void;
  onOpen(group: string, feature?: string): void;
  onSelect(reference: string, selected: boolean): void;
}

/** The search box, its filters and the results: groups and features with type, owner, freshness and usage. */
export function SearchView(props: ISearchViewProps): JSX.Element {
  const trans = useTrans();
  const { filters, facets, search } = props;
  return (
    <div className="jp-mlportal-search">
      <form
        role="search"
        aria-label={trans.__('Search features')}
        className="jp-mlportal-search-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSearch();
        }}
      >
        <input
          type="search"
          className="jp-mlportal-search-input"
          aria-label={trans.__('Search features')}
          placeholder={trans.__('Search names, descriptions, tags…')}
          value={filters.q}
          onChange={(event) => props.onFilters({ q: event.target.value })}
        />
        <div className="jp-mlportal-filters">
          <FilterSelect label={trans.__('Tag')} value={filters.tag} choices={facets.tags} onChange={(tag) => props.onFilters({ tag })} />
          <FilterSelect
            label={trans.__('Owner')}
            value={filters.owner}
            choices={facets.owners}
            onChange={(owner) => props.onFilters({ owner })}
          />
          <FilterSelect
            label={trans.__('Entity')}
            value={filters.entity}
            choices={facets.entities}
            onChange={(entity) => props.onFilters({ entity })}
          />
          <FilterSelect
            label={trans.__('Type')}
            value={filters.type}
            choices={FEATURE_TYPE_CHOICES}
            onChange={(type) => props.onFilters({ type: type as FeatureType | '' })}
          />
        </div>
      </form>
      <ProblemAlert problem={search.problem} />
      <p className="jp-mlportal-result-count" aria-live="polite">
        {search.loading ? trans.__('Searching…') : search.done && !search.problem ? resultCount(search, trans) : ''}
      </p>
      <ul className="jp-mlportal-results" aria-label={trans.__('Search results')} aria-busy={search.loading}>
        {search.hits.map((hit) => (
          <SearchHitItem
            key={hit.reference ?? hit.group}
            hit={hit}
            selected={hit.reference !== undefined && props.selection.includes(hit.reference)}
            onOpen={props.onOpen}
            onSelect={props.onSelect}
          />
        ))}
      </ul>
    </div>
  );
}

function resultCount(search: ISearchState, trans: TranslationBundle): string {
  if (search.total === 0) {
    return trans.__('Nothing found. Try other words or fewer filters.');
  }
  const matches = trans._n('%2 match', '%2 matches', search.total, formatNumber(search.total));
  return search.total > search.hits.length ? trans.__('The best %1 of %2', search.hits.length, matches) : matches;
}

interface IFilterSelectProps {
  label: string;
  value: string;
  choices: readonly string[];
  onChange(value: string): void;
}

function FilterSelect({ label, value, choices, onChange }: IFilterSelectProps): JSX.Element {
  // A chosen value the catalog no longer lists stays selectable, so the menu never lies about the filter.
  const trans = useTrans();
  const options = value && !choices.includes(value) ? [value, ...choices] : choices;
  return (
    <label className="jp-mlportal-filter">
      <span className="jp-mlportal-filter-label">{label}</span>
      <select className="jp-mlportal-filter-select" aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{trans.__('any')}</option>
        {options.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    </label>
  );
}

interface ISearchHitItemProps {
  hit: SearchHit;
  selected: boolean;
  onOpen(group: string, feature?: string): void;
  onSelect(reference: string, selected: boolean): void;
}

function SearchHitItem({ hit, selected, onOpen, onSelect }: ISearchHitItemProps): JSX.Element {
  const trans = useTrans();
  const name = hit.kind === 'feature' ? hit.reference! : hit.group;
  return (
    <li className={`jp-mlportal-hit jp-mlportal-hit-${hit.kind}`} data-kind={hit.kind} data-reference={hit.reference}>
      <div className="jp-mlportal-hit-head">
        {hit.kind === 'feature' && (
          <input
            type="checkbox"
            aria-label={trans.__('Select %1', hit.reference)}
            checked={selected}
            onChange={(event) => onSelect(hit.reference!, event.target.checked)}
          />
        )}
        <button
          type="button"
          className="jp-mlportal-hit-open"
          title={
            hit.kind === 'feature' ? trans.__('Open %1 at %2', hit.group, hit.feature) : trans.__('Open the feature group %1', hit.group)
          }
          onClick={() => onOpen(hit.group, hit.feature)}
        >
          {name}
        </button>
        <span className="jp-mlportal-badge" data-field="type">
          {hit.kind === 'feature' ? hit.type : trans.__('group')}
        </span>
      </div>
      {hit.description && <p className="jp-mlportal-hit-description">{hit.description}</p>}
      <dl className="jp-mlportal-hit-facts">
        <div>
          <dt>{trans.__('owner')}</dt>
          <dd data-field="owner">{hit.owner}</dd>
        </div>
        <div>
          <dt>{trans.__('entity')}</dt>
          <dd data-field="entity">{hit.entity}</dd>
        </div>
        <div>
          <dt>{trans.__('fresh')}</dt>
          <dd data-field="freshness" title={exactTime(hit.freshness, trans)}>
            {relativeTime(hit.freshness, trans)}
          </dd>
        </div>
        <div>
          <dt>{trans.__('used by')}</dt>
          <dd data-field="usage">
            {trans._n('%2 training set', '%2 training sets', hit.usage.trainingSets, formatNumber(hit.usage.trainingSets))}
          </dd>
        </div>
      </dl>
    </li>
  );
}
