import type { Feature, FeatureStats, Group, Preview } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, formatNumber, relativeTime } from '../ui/format';
import { PageFrame } from '../ui/PageFrame';
import { useTrans } from '../ui/TranslatorContext';
import { Histogram } from './Histogram';
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
  const trans = useTrans();
  const { group, version } = page;
  return (
    <PageFrame
      className="jp-mlportal-group"
      label={trans.__('Feature group %1', page.name)}
      back={trans.__('Back to results')}
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
  const trans = useTrans();
  const { freshness } = group;
  return (
    <dl className="jp-mlportal-details jp-mlportal-group-facts">
      <dt>{trans.__('Entity')}</dt>
      <dd data-field="entity">
        {group.entity} ({group.joinKeys.map((key) => `${key.name}: ${key.type}`).join(', ')})
      </dd>
      <dt>{trans.__('Event time')}</dt>
      <dd data-field="event-time">{group.eventTime}</dd>
      <dt>{trans.__('Owner')}</dt>
      <dd data-field="owner">{group.owner}</dd>
      {group.tags.length > 0 && (
        <>
          <dt>{trans.__('Tags')}</dt>
          <dd data-field="tags">{group.tags.join(', ')}</dd>
        </>
      )}
      <dt>{trans.__('Version')}</dt>
      <dd data-field="version">v{group.version}</dd>
      <dt>{trans.__('Rows')}</dt>
      <dd data-field="rows">
        {trans.__(
          '%1 in %2',
          formatNumber(freshness.rows),
          trans._n('%2 ingestion', '%2 ingestions', freshness.ingestions, formatNumber(freshness.ingestions))
        )}
      </dd>
      <dt>{trans.__('Fresh')}</dt>
      <dd data-field="freshness" title={exactTime(freshness.maxEventTime, trans)}>
        {freshness.maxEventTime
          ? `${relativeTime(freshness.maxEventTime, trans)} (${exactTime(freshness.maxEventTime, trans)})`
          : trans.__('no data yet')}
      </dd>
      {usage && (
        <>
          <dt>{trans.__('Used by')}</dt>
          <dd data-field="usage">
            {trans._n('%2 training set', '%2 training sets', usage.trainingSets.length, formatNumber(usage.trainingSets.length))}
            {usage.models.length > 0 &&
              `, ${trans._n('%2 model', '%2 models', usage.models.length, formatNumber(usage.models.length))} (${usage.models.map((m) => `${m.model} v${m.version}`).join(', ')})`}
          </dd>
        </>
      )}
    </dl>
  );
}

function PreviewTable({ preview }: { preview: Preview }): JSX.Element {
  const trans = useTrans();
  const rows = preview.rows.slice(0, PREVIEW_ROWS_SHOWN);
  return (
    <details className="jp-mlportal-preview">
      <summary>{trans.__('Latest rows (%1)', rows.length)}</summary>
      <div className="jp-mlportal-preview-scroll">
        <table aria-label={trans.__('Latest rows of %1', preview.group)}>
          <thead>
            <tr>
              {preview.columns.map((column) => (
                <th key={column.name} scope="col">
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {preview.columns.map((column) => (
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
  const trans = useTrans();
  const selectedCount = group.features.filter((feature) => selection.includes(featureReference(group.name, feature.name))).length;
  const allSelected = selectedCount === group.features.length;
  return (
    <div className="jp-mlportal-features">
      <div className="jp-mlportal-features-head">
        <h4>{trans.__('Features')}</h4>
        <label className="jp-mlportal-select-all">
          <input
            type="checkbox"
            aria-label={trans.__('Select every feature of %1', group.name)}
            checked={allSelected}
            ref={(input) => {
              if (input) input.indeterminate = selectedCount > 0 && !allSelected;
            }}
            onChange={(event) => onSelectGroup(group, event.target.checked)}
          />
          {trans.__('all')}
        </label>
      </div>
      {group.features.map((feature) => (
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
  const trans = useTrans();
  const reference = featureReference(group, feature.name);
  const scrollTo = React.useCallback(
    (element: HTMLElement | null) => {
      if (element && focused) element.scrollIntoView?.({ block: 'nearest' });
    },
    [focused]
  );
  return (
    <article
      ref={scrollTo}
      className={`jp-mlportal-feature${focused ? ' jp-mlportal-feature-focused' : ''}`}
      aria-label={trans.__('Feature %1', feature.name)}
      data-reference={reference}
    >
      <div className="jp-mlportal-feature-head">
        <input
          type="checkbox"
          aria-label={trans.__('Select %1', reference)}
          checked={selected}
          onChange={(event) => onSelect(reference, event.target.checked)}
        />
        <span className="jp-mlportal-feature-name">{feature.name}</span>
        <span className="jp-mlportal-badge" data-field="type">
          {feature.type}
        </span>
      </div>
      {feature.description && <p className="jp-mlportal-feature-description">{feature.description}</p>}
      {feature.tags.length > 0 && <p className="jp-mlportal-feature-tags">{trans.__('tags: %1', feature.tags.join(', '))}</p>}
      {stats ? (
        <>
          {stats.histogram && <Histogram feature={feature.name} bins={stats.histogram} />}
          <StatsTable feature={feature.name} stats={stats} />
        </>
      ) : (
        <p className="jp-mlportal-muted">{trans.__('No statistics yet: nothing ingested in this version.')}</p>
      )}
    </article>
  );
}
