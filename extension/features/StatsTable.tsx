import type { TranslationBundle } from '@jupyterlab/translation';
import type { FeatureStats } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber } from '../ui/format';
import { useTrans } from '../ui/TranslatorContext';

const QUANTILE_ORDER = ['p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99'];

export interface IStatsTableProps {
  feature: string;
  stats: FeatureStats;
}

/** A feature's statistics at its latest ingestion; only the figures its type has are shown. */
export function StatsTable({ feature, stats }: IStatsTableProps): JSX.Element {
  const trans = useTrans();
  const rows: Array<[StatName, string]> = [
    ['count', formatNumber(stats.count)],
    ['nulls', formatNumber(stats.nulls)]
  ];
  if (stats.mean !== undefined) rows.push(['mean', formatNumber(stats.mean)]);
  if (stats.std !== undefined) rows.push(['std', formatNumber(stats.std)]);
  if (stats.min !== undefined) rows.push(['min', formatNumber(stats.min)]);
  if (stats.max !== undefined) rows.push(['max', formatNumber(stats.max)]);
  if (stats.distinct !== undefined) rows.push(['distinct', formatNumber(stats.distinct)]);
  const quantiles = Object.entries(stats.quantiles ?? {}).sort(([a], [b]) => quantileRank(a) - quantileRank(b));
  return (
    <div className="jp-mlportal-stats">
      <table className="jp-mlportal-stats-table" aria-label={trans.__('Statistics of %1', feature)}>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name} data-stat={name}>
              <th scope="row">{statLabel(name, trans)}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {quantiles.length > 0 && (
        <table className="jp-mlportal-stats-table jp-mlportal-quantiles" aria-label={trans.__('Quantiles of %1', feature)}>
          <thead>
            <tr>
              {quantiles.map(([name]) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {quantiles.map(([name, value]) => (
                <td key={name} data-stat={name}>
                  {formatNumber(value)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      {stats.topValues && stats.topValues.length > 0 && (
        <table className="jp-mlportal-stats-table jp-mlportal-top-values" aria-label={trans.__('Top values of %1', feature)}>
          <thead>
            <tr>
              <th scope="col">{trans.__('value')}</th>
              <th scope="col">{trans.__('count')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.topValues.map(({ value, count }) => (
              <tr key={String(value)}>
                <td>{value === null ? 'null' : String(value)}</td>
                <td>{formatNumber(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

type StatName = 'count' | 'nulls' | 'mean' | 'std' | 'min' | 'max' | 'distinct';

/** A statistic's row heading; its data-stat attribute keeps the name. */
function statLabel(name: StatName, trans: TranslationBundle): string {
  switch (name) {
    case 'count':
      return trans.__('count');
    case 'nulls':
      return trans.__('nulls');
    case 'mean':
      return trans.__('mean');
    case 'std':
      return trans.__('std');
    case 'min':
      return trans.__('min');
    case 'max':
      return trans.__('max');
    case 'distinct':
      return trans.__('distinct');
  }
}

function quantileRank(name: string): number {
  const known = QUANTILE_ORDER.indexOf(name);
  return known >= 0 ? known : QUANTILE_ORDER.length + Number(name.replace(/\D/g, ''));
}
