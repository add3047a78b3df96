import type { FeatureStats } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber } from './format';

const QUANTILE_ORDER = ['p01', 'p05', 'p25', 'p50', 'p75', 'p95', 'p99'];

export interface IStatsTableProps {
  feature: string;
  stats: FeatureStats;
}

/** A feature's statistics at its latest ingestion; only the figures its type has are shown. */
export function StatsTable({ feature, stats }: IStatsTableProps): JSX.Element {
  const rows: Array<[string, string]> = [
    ['count', formatNumber(stats.count)],
    ['nulls', formatNumber(stats.nulls)]
  ];
  if (stats.mean !== undefined) rows.push(['mean', formatNumber(stats.mean)]);
  if (stats.std !== undefined) rows.push(['std', formatNumber(stats.std)]);
  if (stats.min !== undefined) rows.push(['min', formatNumber(stats.min)]);
  if (stats.max !== undefined) rows.push(['max', formatNumber(stats.max)]);
  if (stats.distinct !== undefined) rows.push(['distinct', formatNumber(stats.distinct)]);
  const quantiles = Object.entries(stats.quantiles ?? {}).sort(
    ([a], [b]) => quantileRank(a) - quantileRank(b)
  );
  return (
    <div className="jp-mlportal-stats">
      <table className="jp-mlportal-stats-table" aria-label={`Statistics of ${feature}`}>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name} data-stat={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {quantiles.length > 0 && (
        <table className="jp-mlportal-stats-table jp-mlportal-quantiles" aria-label={`Quantiles of ${feature}`}>
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
        <table className="jp-mlportal-stats-table jp-mlportal-top-values" aria-label={`Top values of ${feature}`}>
          <thead>
            <tr>
              <th scope="col">value</th>
              <th scope="col">count</th>
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

function quantileRank(name: string): number {
  const known = QUANTILE_ORDER.indexOf(name);
  return known >= 0 ? known : QUANTILE_ORDER.length + Number(name.replace(/\D/g, ''));
}
