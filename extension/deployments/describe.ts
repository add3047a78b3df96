/** Values of deployments (traffic, versions, batching, …) as short text for tables and the review step. */

interface IVersionLike {
  model: string;
  version: number;
  percent?: number;
}

function isVersionLike(value: unknown): value is IVersionLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IVersionLike).model === 'string' &&
    typeof (value as IVersionLike).version === 'number'
  );
}

/** "flights v2 90%" for a traffic entry, "flights v3" for a version. */
export function describeVersion(entry: IVersionLike): string {
  return `${entry.model} v${entry.version}${entry.percent === undefined ? '' : ` ${entry.percent}%`}`;
}

/** Any value of a change: traffic lists, versions, nested settings; "—" for nothing. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map(describeValue).join(' · ');
  }
  if (isVersionLike(value)) {
    return describeVersion(value);
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key} ${describeValue(inner)}`)
      .join(', ');
  }
  return String(value);
}

/** A latency in milliseconds with a sensible precision; "—" when not measured. */
export function describeMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '—';
  }
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
}

/** Requests per second over the window. */
export function describeRate(rate: number): string {
  return `${rate < 10 ? rate.toFixed(2) : rate.toFixed(0)}/s`;
}
