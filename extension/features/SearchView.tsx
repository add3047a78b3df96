import type { FeatureType, SearchHit } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, plural, relativeTime } from './format';
import { ProblemAlert } from './ProblemAlert';
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
  const { filters, facets, search } = props;
  return (
    <div className="jp-mlportal-search">
      <form
        role="search"
        aria-label="Search features"
        className="jp-mlportal-search-form"
        onSubmit={event => {
          event.preventDefault();
          props.onSearch();
        }}
      >
        <input
          type="search"
          className="jp-mlportal-search-input"
          aria-label="Search features"
          placeholder="Search names, descriptions, tags…"
          value={filters.q}
          onChange={event => props.onFilters({ q: event.target.value })}
        />
        <div className="jp-mlportal-filters">
          <FilterSelect label="Tag" value={filters.tag} choices={facets.tags} onChange={tag => props.onFilters({ tag })} />
          <FilterSelect label="Owner" value={filters.owner} choices={facets.owners} onChange={owner => props.onFilters({ owner })} />
          <FilterSelect label="Entity" value={filters.entity} choices={facets.entities} onChange={entity => props.onFilters({ entity })} />
          <FilterSelect
            label="Type"
            value={filters.type}
            choices={FEATURE_TYPE_CHOICES}
            onChange={type => props.onFilters({ type: type as FeatureType | '' })}
          />
        </div>
      </form>
      <ProblemAlert problem={search.problem} />
      <p className="jp-mlportal-result-count" aria-live="polite">
        {search.loading ? 'Searching…' : search.done && !search.problem ? resultCount(search) : ''}
      </p>
      <ul className="jp-mlportal-results" aria-label="Search results" aria-busy={search.loading}>
        {search.hits.map(hit => (
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

function resultCount(search: ISearchState): string {
  if (search.total === 0) {
    return 'Nothing found. Try other words or fewer filters.';
  }
  return search.total > search.hits.length
    ? `The best ${search.hits.length} of ${plural(search.total, 'match', 'matches')}`
    : plural(search.total, 'match', 'matches');
}

interface IFilterSelectProps {
  label: string;
  value: string;
  choices: readonly string[];
  onChange(value: string): void;
}

function FilterSelect({ label, value, choices, onChange }: IFilterSelectProps): JSX.Element {
  // A chosen value the catalog no longer lists stays selectable, so the menu never lies about the filter.
  const options = value && !choices.includes(value) ? [value, ...choices] : choices;
  return (
    <label className="jp-mlportal-filter">
      <span className="jp-mlportal-filter-label">{label}</span>
      <select className="jp-mlportal-filter-select" aria-label={label} value={value} onChange={event => onChange(event.target.value)}>
        <option value="">any</option>
        {options.map(choice => (
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
  const name = hit.kind === 'feature' ? hit.reference! : hit.group;
  return (
    <li className={`jp-mlportal-hit jp-mlportal-hit-${hit.kind}`} data-kind={hit.kind} data-reference={hit.reference}>
      <div className="jp-mlportal-hit-head">
        {hit.kind === 'feature' && (
          <input
            type="checkbox"
            aria-label={`Select ${hit.reference}`}
            checked={selected}
            onChange={event => onSelect(hit.reference!, event.target.checked)}
          />
        )}
        <button
          type="button"
          className="jp-mlportal-hit-open"
          title={hit.kind === 'feature' ? `Open ${hit.group} at ${hit.feature}` : `Open the feature group ${hit.group}`}
          onClick={() => onOpen(hit.group, hit.feature)}
        >
          {name}
        </button>
        <span className="jp-mlportal-badge" data-field="type">
          {hit.kind === 'feature' ? hit.type : 'group'}
        </span>
      </div>
      {hit.description && <p className="jp-mlportal-hit-description">{hit.description}</p>}
      <dl className="jp-mlportal-hit-facts">
        <div>
          <dt>owner</dt>
          <dd data-field="owner">{hit.owner}</dd>
        </div>
        <div>
          <dt>entity</dt>
          <dd data-field="entity">{hit.entity}</dd>
        </div>
        <div>
          <dt>fresh</dt>
          <dd data-field="freshness" title={exactTime(hit.freshness)}>
            {relativeTime(hit.freshness)}
          </dd>
        </div>
        <div>
          <dt>used by</dt>
          <dd data-field="usage">{plural(hit.usage.trainingSets, 'training set')}</dd>
        </div>
      </dl>
    </li>
  );
}
