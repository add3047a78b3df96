import * as React from 'react';
import { exactTime, formatNumber, plural, relativeTime } from '../features/format';
import { PageFrame } from '../features/PageFrame';
import { AliasBadges, StageBadge } from './Badges';
import type { IModelPage } from './state';
import type { ModelVersion } from '@mlportal/sdk/core';

/** Metrics shown per version in the list; the version page shows them all. */
const KEY_METRICS = 3;

export interface IModelViewProps {
  page: IModelPage;
  onBack(): void;
  onOpenVersion(version: number): void;
  onCompared(version: number, compared: boolean): void;
  onCompare(): void;
}

/** A registered model: description, aliases, and its versions newest first, two of which may be compared. */
export function ModelView({ page, onBack, onOpenVersion, onCompared, onCompare }: IModelViewProps): JSX.Element {
  const { model } = page;
  return (
    <PageFrame
      className="jp-mlportal-model"
      label={`Model ${page.name}`}
      back="All models"
      onBack={onBack}
      heading={page.name}
      loading={page.loading}
      loaded={!!model}
      problem={page.problem}
    >
      {model && (
        <>
          {model.description && <p className="jp-mlportal-group-description">{model.description}</p>}
          <dl className="jp-mlportal-details">
            <dt>Versions</dt>
            <dd data-field="version-count">{model.versionCount}</dd>
            <dt>Production</dt>
            <dd data-field="production">{model.productionVersion === null ? 'none' : `v${model.productionVersion}`}</dd>
            {Object.keys(model.aliases).length > 0 && (
              <>
                <dt>Aliases</dt>
                <dd data-field="aliases">
                  {Object.entries(model.aliases)
                    .map(([alias, version]) => `@${alias} → v${version}`)
                    .join(', ')}
                </dd>
              </>
            )}
            <dt>Created</dt>
            <dd data-field="created" title={exactTime(model.createdAt)}>
              {relativeTime(model.createdAt)} by {model.createdBy}
            </dd>
          </dl>
          <div className="jp-mlportal-features-head">
            <h4>Versions</h4>
            <button type="button" className="jp-mlportal-button" disabled={page.compareSelection.length < 2} onClick={onCompare}>
              {page.compareSelection.length === 2 ? `Compare v${page.compareSelection[0]} and v${page.compareSelection[1]}` : 'Compare'}
            </button>
          </div>
          {page.versions.length === 0 ? (
            <p className="jp-mlportal-muted">No versions registered yet.</p>
          ) : (
            <p className="jp-mlportal-muted">Tick two versions to compare them.</p>
          )}
          <ul className="jp-mlportal-results" aria-label="Versions">
            {page.versions.map(version => (
              <VersionItem
                key={version.version}
                version={version}
                compared={page.compareSelection.includes(version.version)}
                onOpen={() => onOpenVersion(version.version)}
                onCompared={compared => onCompared(version.version, compared)}
              />
            ))}
          </ul>
        </>
      )}
    </PageFrame>
  );
}

interface IVersionItemProps {
  version: ModelVersion;
  compared: boolean;
  onOpen(): void;
  onCompared(compared: boolean): void;
}

function VersionItem({ version, compared, onOpen, onCompared }: IVersionItemProps): JSX.Element {
  const metrics = Object.entries(version.metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, KEY_METRICS);
  const hidden = Object.keys(version.metrics).length - metrics.length;
  return (
    <li className="jp-mlportal-hit jp-mlportal-version-item" data-version={version.version} data-stage={version.stage}>
      <div className="jp-mlportal-hit-head">
        <input type="checkbox" aria-label={`Compare version ${version.version}`} checked={compared} onChange={event => onCompared(event.target.checked)} />
        <button type="button" className="jp-mlportal-hit-open" title={`Open version ${version.version}`} onClick={onOpen}>
          v{version.version}
        </button>
        <StageBadge stage={version.stage} />
        <AliasBadges aliases={version.aliases} />
      </div>
      {version.description && <p className="jp-mlportal-hit-description">{version.description}</p>}
      {metrics.length > 0 && (
        <p className="jp-mlportal-key-metrics" data-field="metrics">
          {metrics.map(([key, value]) => `${key} ${formatNumber(value)}`).join(' · ')}
          {hidden > 0 && ` · ${plural(hidden, 'more metric')}`}
        </p>
      )}
      <p className="jp-mlportal-muted" data-field="created" title={exactTime(version.createdAt)}>
        {relativeTime(version.createdAt)} by {version.createdBy}
      </p>
    </li>
  );
}
