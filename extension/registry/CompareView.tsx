import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { andList } from '../ui/and-list';
import { PageFrame } from '../ui/PageFrame';
import { useTrans } from '../ui/TranslatorContext';
import { comparisonSections, type IComparisonSection } from './compare';
import type { IComparePage } from './state';

export interface ICompareViewProps {
  page: IComparePage;
  onBack(): void;
  onOpenVersion(version: number): void;
}

/** Versions side by side: metrics, params, signature and lineage, rows that differ highlighted. */
export function CompareView({ page, onBack, onOpenVersion }: ICompareViewProps): JSX.Element {
  const trans = useTrans();
  const { comparison } = page;
  const title = trans.__(
    'Compare %1 %2',
    page.name,
    andList(
      page.versions.map((version) => `v${version}`),
      trans
    )
  );
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
          <table className="jp-mlportal-table jp-mlportal-compare-table" aria-label={trans.__('Comparison')}>
            <thead>
              <tr>
                <th scope="col"></th>
                {comparison.versions.map((version) => (
                  <th key={version.version} scope="col">
                    <button type="button" className="jp-mlportal-hit-open" onClick={() => onOpenVersion(version.version)}>
                      v{version.version}
                    </button>{' '}
                    <span className="jp-mlportal-muted">{version.stage}</span>
                  </th>
                ))}
              </tr>
            </thead>
            {comparisonSections(comparison, trans).map((section) => (
              <tbody key={section.title} data-section={section.title}>
                <tr className="jp-mlportal-compare-section">
                  <th scope="rowgroup" colSpan={comparison.versions.length + 1}>
                    {sectionTitle(section.title, trans)}
                    {section.rows.length === 0 && <span className="jp-mlportal-muted"> {trans.__('(none)')}</span>}
                  </th>
                </tr>
                {section.rows.map((row) => (
                  <tr
                    key={row.key}
                    data-key={row.key}
                    data-differs={row.differs}
                    className={row.differs ? 'jp-mlportal-differs' : undefined}
                  >
                    <th scope="row">{row.label}</th>
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

/** A section's heading; its data-section attribute keeps the title as written. */
function sectionTitle(title: IComparisonSection['title'], trans: TranslationBundle): string {
  switch (title) {
    case 'Metrics':
      return trans.__('Metrics');
    case 'Params':
      return trans.__('Params');
    case 'Signature':
      return trans.__('Signature');
    case 'Lineage':
      return trans.__('Lineage');
  }
}
