import * as React from 'react';
import { PageFrame } from '../features/PageFrame';
import { comparisonSections } from './compare';
import type { IComparePage } from './state';

export interface ICompareViewProps {
  page: IComparePage;
  onBack(): void;
  onOpenVersion(version: number): void;
}

/** Versions side by side: metrics, params, signature and lineage, rows that differ highlighted. */
export function CompareView({ page, onBack, onOpenVersion }: ICompareViewProps): JSX.Element {
  const { comparison } = page;
  const title = `Compare ${page.name} ${page.versions.map(version => `v${version}`).join(' and ')}`;
  return (
    <PageFrame
      className="jp-mlportal-compare"
      label={title}
      back={page.name}
      onBack={onBack}
      heading={title}
      loading={page.loading}
      loaded={!!comparison}
      problem={page.problem}
    >
      {comparison && (
        <div className="jp-mlportal-preview-scroll">
          <table className="jp-mlportal-table jp-mlportal-compare-table" aria-label="Comparison">
            <thead>
              <tr>
                <th scope="col"></th>
                {comparison.versions.map(version => (
                  <th key={version.version} scope="col">
                    <button type="button" className="jp-mlportal-hit-open" onClick={() => onOpenVersion(version.version)}>
                      v{version.version}
                    </button>{' '}
                    <span className="jp-mlportal-muted">{version.stage}</span>
                  </th>
                ))}
              </tr>
            </thead>
            {comparisonSections(comparison).map(section => (
              <tbody key={section.title} data-section={section.title}>
                <tr className="jp-mlportal-compare-section">
                  <th scope="rowgroup" colSpan={comparison.versions.length + 1}>
                    {section.title}
                    {section.rows.length === 0 && <span className="jp-mlportal-muted"> (none)</span>}
                  </th>
                </tr>
                {section.rows.map(row => (
                  <tr key={row.key} data-key={row.key} data-differs={row.differs} className={row.differs ? 'jp-mlportal-differs' : undefined}>
                    <th scope="row">{row.key}</th>
                    {row.values.map((value, index) => (
                      <td key={index} title={value}>
                        {value}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </PageFrame>
  );
}
