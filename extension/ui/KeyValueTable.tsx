import * as React from 'react';
import { formatNumber } from './format';

export interface IKeyValueTableProps {
  label: string;
  values: Record<string, number | string>;
  /** Said instead of an empty table. */
  empty: string;
  /** Headings of keys that are the page's own words (translated); others show as they are. data-key keeps the key. */
  labels?: Readonly<Record<string, string>>;
}

/** Metrics, params or tags: one row a key, sorted by key. */
export function KeyValueTable({ label, values, empty, labels }: IKeyValueTableProps): JSX.Element {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return <p className="jp-mlportal-muted">{empty}</p>;
  }
  return (
    <table className="jp-mlportal-table jp-mlportal-key-values" aria-label={label}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key} data-key={key}>
            <th scope="row">{labels?.[key] ?? key}</th>
            <td title={String(value)}>{typeof value === 'number' ? formatNumber(value) : value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
