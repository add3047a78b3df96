import type { Lineage, LineageFeature, VersionLineage } from '@mlportal/sdk/core';
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { useTrans } from '../ui/TranslatorContext';

export interface ILineageViewProps {
  lineage: Lineage;
  /** The run and training set read beside the version; null when they could not be read. */
  detail: VersionLineage | null;
  /** Opens a feature in Feature Discovery; null when that sidebar is not installed. */
  onOpenFeature: ((feature: LineageFeature) => void) | null;
}

/** Where a version came from: the run (notebook, cell, commit), the training set and its features. */
export function LineageView({ lineage, detail, onOpenFeature }: ILineageViewProps): JSX.Element {
  const trans = useTrans();
  const facts: Array<[string, string, string | undefined]> = [
    [trans.__('Run'), 'run', lineage.runId && (detail?.run?.name ? `${detail.run.name} (${lineage.runId})` : lineage.runId)],
    [trans.__('Experiment'), 'experiment', lineage.experimentId],
    [trans.__('Notebook'), 'notebook', lineage.notebookPath],
    [trans.__('Cell'), 'cell', lineage.cellId],
    [trans.__('Commit'), 'commit', lineage.gitCommit],
    [trans.__('Job'), 'job', lineage.jobId],
    [
      trans.__('Training set'),
      'training-set',
      lineage.trainingSetId && withRows(lineage.trainingSetId, detail?.trainingSet?.rowCount, trans)
    ],
    [trans.__('Source'), 'source', lineage.source]
  ];
  const known = facts.filter(([, , value]) => value);
  const features = detail?.features.length ? detail.features : lineage.features;
  return (
    <div className="jp-mlportal-lineage" aria-label={trans.__('Lineage')} role="group">
      {known.length === 0 && features.length === 0 && (
        <p className="jp-mlportal-muted">{trans.__('No lineage recorded for this version.')}</p>
      )}
      {known.length > 0 && (
        <dl className="jp-mlportal-details">
          {known.map(([label, field, value]) => (
            <React.Fragment key={field}>
              <dt>{label}</dt>
              <dd data-field={field} title={value}>
                {value}
              </dd>
            </React.Fragment>
          ))}
        </dl>
      )}
      {features.length > 0 && (
        <>
          <h5>{trans.__('Features')}</h5>
          <ul className="jp-mlportal-lineage-features" aria-label={trans.__('Features the version was trained on')}>
            {features.map((feature) => (
              <li key={feature.reference} data-reference={feature.reference}>
                {onOpenFeature ? (
                  <button
                    type="button"
                    className="jp-mlportal-hit-open"
                    title={trans.__('Open %1 in Feature Discovery', feature.group)}
                    onClick={() => onOpenFeature(feature)}
                  >
                    {feature.group}:{feature.feature}
                  </button>
                ) : (
                  <code>
                    {feature.group}:{feature.feature}
                  </code>
                )}
                <span className="jp-mlportal-badge" data-field="feature-version">
                  v{feature.version}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function withRows(id: string, rows: number | undefined, trans: TranslationBundle): string {
  return rows === undefined ? id : trans.__('%1 (%2 rows)', id, rows);
}
