import type { Feature, FeatureStats, Group, Preview } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, formatNumber, plural, relativeTime } from './format';
import { Histogram } from './Histogram';
import { PageFrame } from './PageFrame';
import { featureReference, type IGroupPage } from './state';
import { StatsTable } from './StatsTable';

/** Rows of the preview table; the preview itself may hold more (they feed inserted code). */
const PREVIEW_ROWS_SHOWN = 10;

export interface IGroupViewProps {
  page: IGroupPage;
  selection: readonly string[];
  onBack(): void;
  onSelect(reference: string, selected: boolean): void;
  onSelectGroup(group: Group, selected: boolean): void;
}

/** A feature group's page: what it is, how fresh, who uses it, and each feature with its statistics. */
export function GroupView({ page, selection, onBack, onSelect, onSelectGroup }: IGroupViewProps): JSX.Element {
  const { group, version } = page;
  return (
    <PageFrame
      className="jp-mlportal-group"
      label={`Feature group ${page.name}`}
      back="Back to results"
      onBack={onBack}
      heading={page.name}
      loading={page.loading}
      loaded={!!group}
      problem={page.problem}
    >
      {group && (
        <>
          {group.description && <p className="jp-mlportal-group-description">{group.description}</p>}
          <GroupFacts group={group} usage={page.usage} />
          {page.previewProblem && (
            <p role="note" className="jp-mlportal-notice" data-field="rows-hidden">
              {page.previewProblem.message}
            </p>
          )}
          {page.preview && page.preview.rows.length > 0 && <PreviewTable preview={page.preview} />}
          <FeatureList
            group={group}
            stats={version?.stats ?? {}}
            selection={selection}
            focus={page.focus}
            onSelect={onSelect}
            onSelectGroup={onSelectGroup}
          />
        </>
      )}
    </PageFrame>
  );
}

function GroupFacts({ group, usage }: { group: Group; usage: IGroupPage['usage'] }): JSX.Element {
  const { freshness } = group;
  return (
    <dl className="jp-mlportal-details jp-mlportal-group-facts">
      <dt>Entity</dt>
      <dd data-field="entity">
        {group.entity} ({group.joinKeys.map(key => `${key.name}: ${key.type}`).join(', ')})
      </dd>
      <dt>Event time</dt>
      <dd data-field="event-time">{group.eventTime}</dd>
      <dt>Owner</dt>
      <dd data-field="owner">{group.owner}</dd>
      {group.tags.length > 0 && (
        <>
          <dt>Tags</dt>
          <dd data-field="tags">{group.tags.join(', ')}</dd>
        </>
      )}
      <dt>Version</dt>
      <dd data-field="version">v{group.version}</dd>
      <dt>Rows</dt>
      <dd data-field="rows">
        {formatNumber(freshness.rows)} in {plural(freshness.ingestions, 'ingestion')}
      </dd>
      <dt>Fresh</dt>
      <dd data-field="freshness" title={exactTime(freshness.maxEventTime)}>
        {freshness.maxEventTime ? `${relativeTime(freshness.maxEventTime)} (${exactTime(freshness.maxEventTime)})` : 'no data yet'}
      </dd>
      {usage && (
        <>
          <dt>Used by</dt>
          <dd data-field="usage">
            {plural(usage.trainingSets.length, 'training set')}
            {usage.models.length > 0 && `, ${plural(usage.models.length, 'model')} (${usage.models.map(m => `${m.model} v${m.version}`).join(', ')})`}
          </dd>
        </>
      )}
    </dl>
  );
}

function PreviewTable({ preview }: { preview: Preview }): JSX.Element {
  const rows = preview.rows.slice(0, PREVIEW_ROWS_SHOWN);
  return (
    <details className="jp-mlportal-preview">
      <summary>Latest rows ({rows.length})</summary>
      <div className="jp-mlportal-preview-scroll">
        <table aria-label={`Latest rows of ${preview.group}`}>
          <thead>
            <tr>
              {preview.columns.map(column => (
                <th key={column.name} scope="col">
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {preview.columns.map(column => (
                  <td key={column.name}>{formatCell(row[column.name])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

interface IFeatureListProps {
  group: Group;
  stats: Record<string, FeatureStats>;
  selection: readonly string[];
  focus: string | null;
  onSelect(reference: string, selected: boolean): void;
  onSelectGroup(group: Group, selected: boolean): void;
}

function FeatureList({ group, stats, selection, focus, onSelect, onSelectGroup }: IFeatureListProps): JSX.Element {
  const selectedCount = group.features.filter(feature => selection.includes(featureReference(group.name, feature.name))).length;
  const allSelected = selectedCount === group.features.length;
  return (
    <div className="jp-mlportal-features">
      <div className="jp-mlportal-features-head">
        <h4>Features</h4>
        <label className="jp-mlportal-select-all">
          <input
            type="checkbox"
            aria-label={`Select every feature of ${group.name}`}
            checked={allSelected}
            ref={input => {
              if (input) input.indeterminate = selectedCount > 0 && !allSelected;
            }}
            onChange={event => onSelectGroup(group, event.target.checked)}
          />
          all
        </label>
      </div>
      {group.features.map(feature => (
        <FeatureCard
          key={feature.name}
          group={group.name}
          feature={feature}
          stats={stats[feature.name]}
          selected={selection.includes(featureReference(group.name, feature.name))}
          focused={focus === feature.name}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}

interface IFeatureCardProps {
  group: string;
  feature: Feature;
  stats: FeatureStats | undefined;
  selected: boolean;
  focused: boolean;
  onSelect(reference: string, selected: boolean): void;
}

function FeatureCard({ group, feature, stats, selected, focused, onSelect }: IFeatureCardProps): JSX.Element {
  const reference = featureReference(group, feature.name);
  const scrollTo = React.useCallback((element: HTMLElement | null) => {
    if (element && focused) element.scrollIntoView?.({ block: 'nearest' });
  }, [focused]);
  return (
    <article
      ref={scrollTo}
      className={`jp-mlportal-feature${focused ? ' jp-mlportal-feature-focused' : ''}`}
      aria-label={`Feature ${feature.name}`}
      data-reference={reference}
    >
      <div className="jp-mlportal-feature-head">
        <input type="checkbox" aria-label={`Select ${reference}`} checked={selected} onChange={event => onSelect(reference, event.target.checked)} />
        <span className="jp-mlportal-feature-name">{feature.name}</span>
        <span className="jp-mlportal-badge" data-field="type">
          {feature.type}
        </span>
      </div>
      {feature.description && <p className="jp-mlportal-feature-description">{feature.description}</p>}
      {feature.tags.length > 0 && <p className="jp-mlportal-feature-tags">tags: {feature.tags.join(', ')}</p>}
      {stats ? (
        <>
          {stats.histogram && <Histogram feature={feature.name} bins={stats.histogram} />}
          <StatsTable feature={feature.name} stats={stats} />
        </>
      ) : (
        <p className="jp-mlportal-muted">No statistics yet: nothing ingested in this version.</p>
      )}
    </article>
  );
}
