/**
 * How many rows of inline data a Vega-Lite spec carries (its top-level data, its layers' and
 * concatenated views' data, and named datasets): a chart of zero rows draws nothing.
 */
export function specDataRows(spec: unknown): number {
  if (Array.isArray(spec)) return spec.reduce((sum: number, item) => sum + specDataRows(item), 0);
  if (typeof spec !== 'object' || spec === null) return 0;
  const node = spec as Record<string, unknown>;
  let rows = 0;
  const values = (node.data as { values?: unknown } | undefined)?.values;
  if (Array.isArray(values)) rows += values.length;
  if (typeof node.datasets === 'object' && node.datasets !== null) {
    for (const dataset of Object.values(node.datasets)) if (Array.isArray(dataset)) rows += dataset.length;
  }
  for (const key of ['layer', 'hconcat', 'vconcat', 'concat', 'spec']) rows += specDataRows(node[key]);
  return rows;
}
