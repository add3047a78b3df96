import type { DeploymentStats } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber } from '../../ui/format';
import { useTrans } from '../../ui/TranslatorContext';
import { describeMs, describeRate } from '../describe';

/**
 * Per version of a deployment: its role and share, and what it served (rate and latency over the last
 * minute). Compact (the sidebar): the version without its model's name (in its title) and the role
 * under it, so the figures keep one line each in a narrow panel (which scrolls sideways when too narrow).
 */
export function StatsTable({ stats, label, compact = false }: { stats: DeploymentStats; label: string; compact?: boolean }): JSX.Element {
  const trans = useTrans();
  if (stats.versions.length === 0) {
    return <p className="jp-mlportal-muted">{trans.__('No versions.')}</p>;
  }
  return (
    <div className={compact ? 'jp-mlportal-stats-scroll' : undefined}>
      <table className={`jp-mlportal-table jp-mlportal-stats${compact ? ' jp-mod-compact' : ''}`} aria-label={label}>
        <thead>
          <tr>
            <th>{trans.__('Version')}</th>
            {!compact && <th>{trans.__('Role')}</th>}
            <th title={trans.__('Share of the traffic')}>{trans.__('Share')}</th>
            <th>{trans.__('Requests')}</th>
            <th title={trans.__('Over the last %1 s', stats.windowSeconds)}>{trans.__('Rate')}</th>
            <th>p50</th>
            <th>p99</th>
            <th>{trans.__('Errors')}</th>
          </tr>
        </thead>
        <tbody>
          {stats.versions.map((version) => (
            <tr key={`${version.role}-${version.model}-${version.version}`} data-version={version.version} data-role={version.role}>
              {compact ? (
                <td title={`${version.model} v${version.version}`}>
                  v{version.version}
                  <span className="jp-mlportal-stats-role" data-field="role">
                    {version.role}
                  </span>
                </td>
              ) : (
                <>
                  <td>
                    {version.model} v{version.version}
                  </td>
                  <td data-field="role">{version.role}</td>
                </>
              )}
              <td data-field="percent">{version.role === 'shadow' ? trans.__('copy') : `${version.percent}%`}</td>
              <td data-field="requests">{formatNumber(version.requests)}</td>
              <td data-field="rate">{describeRate(version.ratePerSecond)}</td>
              <td data-field="p50">{describeMs(version.p50Ms)}</td>
              <td data-field="p99">{describeMs(version.p99Ms)}</td>
              <td data-field="errors">{formatNumber(version.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The traffic split as a bar: one segment per serving version, as wide as its share. */
export function TrafficBar({ traffic }: { traffic: Array<{ model: string; version: number; percent: number }> }): JSX.Element {
  const trans = useTrans();
  return (
    <div
      className="jp-mlportal-traffic"
      role="img"
      aria-label={trans.__('Traffic: %1', traffic.map((entry) => `v${entry.version} ${entry.percent}%`).join(', '))}
    >
      {traffic.map((entry, index) => (
        <span
          key={`${entry.model}-${entry.version}`}
          className="jp-mlportal-traffic-segment"
          data-index={index}
          data-version={entry.version}
          style={{ width: `${entry.percent}%` }}
        >
          v{entry.version} {entry.percent}%
        </span>
      ))}
    </div>
  );
}
