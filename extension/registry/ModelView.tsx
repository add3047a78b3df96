import * as React from 'react';
import { exactTime, formatNumber, relativeTime } from '../ui/format';
import { PageFrame } from '../ui/PageFrame';
import { useTrans } from '../ui/TranslatorContext';
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
  const trans = useTrans();
  const { model } = page;
  return (
    <PageFrame
      className="jp-mlportal-model"
      label={trans.__('Model %1', page.name)}
      back={trans.__('All models')}
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
            <dt>{trans.__('Versions')}</dt>
            <dd data-field="version-count">{model.versionCount}</dd>
            <dt>{trans.__('Production')}</dt>
            <dd data-field="production">{model.productionVersion === null ? trans.__('none') : `v${model.productionVersion}`}</dd>
            {Object.keys(model.aliases).length > 0 && (
              <>
                <dt>{trans.__('Aliases')}</dt>
                <dd data-field="aliases">
                  {Object.entries(model.aliases)
                    .map(([alias, version]) => `@${alias} → v${version}`)
                    .join(', ')}
                </dd>
              </>
            )}
            <dt>{trans.__('Created')}</dt>
            <dd data-field="created" title={exactTime(model.createdAt, trans)}>
              {trans.__('%1 by %2', relativeTime(model.createdAt, trans), model.createdBy)}
            </dd>
          </dl>
          <div className="jp-mlportal-features-head">
            <h4>{trans.__('Versions')}</h4>
            <button type="button" className="jp-mlportal-button" disabled={page.compareSelection.length < 2} onClick={onCompare}>
              {page.compareSelection.length === 2
                ? trans.__('Compare v%1 and v%2', page.compareSelection[0], page.compareSelection[1])
                : trans.__('Compare')}
            </button>
          </div>
          {page.versions.length === 0 ? (
            <p className="jp-mlportal-muted">{trans.__('No versions registered yet.')}</p>
          ) : (
            <p className="jp-mlportal-muted">{trans.__('Tick two versions to compare them.')}</p>
          )}
          <ul className="jp-mlportal-results" aria-label={trans.__('Versions')}>
            {page.versions.map((version) => (
              <VersionItem
                key={version.version}
                version={version}
                compared={page.compareSelection.includes(version.version)}
                onOpen={() => onOpenVersion(version.version)}
                onCompared={(compared) => onCompared(version.version, compared)}
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
  const trans = useTrans();
  const metrics = Object.entries(version.metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, KEY_METRICS);
  const hidden = Object.keys(version.metrics).length - metrics.length;
  return (
    <li className="jp-mlportal-hit jp-mlportal-version-item" data-version={version.version} data-stage={version.stage}>
      <div className="jp-mlportal-hit-head">
        <input
          type="checkbox"
          aria-label={trans.__('Compare version %1', version.version)}
          checked={compared}
          onChange={(event) => onCompared(event.target.checked)}
        />
        <button type="button" className="jp-mlportal-hit-open" title={trans.__('Open version %1', version.version)} onClick={onOpen}>
          v{version.version}
        </button>
        <StageBadge stage={version.stage} />
        <AliasBadges aliases={version.aliases} />
      </div>
      {version.description && <p className="jp-mlportal-hit-description">{version.description}</p>}
      {metrics.length > 0 && (
        <p className="jp-mlportal-key-metrics" data-field="metrics">
          {metrics.map(([key, value]) => `${key} ${formatNumber(value)}`).join(' · ')}
          {hidden > 0 && ` · ${trans._n('%2 more metric', '%2 more metrics', hidden, formatNumber(hidden))}`}
        </p>
      )}
      <p className="jp-mlportal-muted" data-field="created" title={exactTime(version.createdAt, trans)}>
        {trans.__('%1 by %2', relativeTime(version.createdAt, trans), version.createdBy)}
      </p>
    </li>
  );
}
