/**
 * Vega-Lite v5 specs with their data inline: what JupyterLab renders as
 * application/vnd.vegalite.v5+json and the standalone pages hand to vega-embed, unchanged.
 */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export type Row = Record<string, string | number | boolean | null>;
export type VegaLiteSpec = Record<string, unknown>;

const HEIGHT = 220;

/** A single view as wide as its container. */
export function view(values: Row[], body: VegaLiteSpec): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, width: 'container', height: HEIGHT, data: { values }, ...body };
}

/** Small multiples: facets cannot take their container's width, so each cell has a fixed one. */
export function facets(values: Row[], facet: VegaLiteSpec, cell: VegaLiteSpec, extra: VegaLiteSpec = {}): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, data: { values }, facet, columns: 3, spec: { width: 220, height: 140, ...cell }, ...extra };
}

export const time = (field: string, title: string, timeUnit?: string): VegaLiteSpec => ({
  field,
  type: 'temporal',
  title,
  ...(timeUnit ? { timeUnit } : {})
});
/** Days as discrete bands (one bar per day, labelled with its date) rather than a continuous time axis a single day would fill. */
export const dayBand = (field: string, title: string): VegaLiteSpec => ({
  field,
  type: 'ordinal',
  timeUnit: 'utcyearmonthdate',
  title,
  axis: { format: '%b %d', labelAngle: 0 }
});
export const quantity = (field: string, title: string | null, extra: VegaLiteSpec = {}): VegaLiteSpec => ({
  field,
  type: 'quantitative',
  title,
  ...extra
});
export const category = (field: string, title: string, extra: VegaLiteSpec = {}): VegaLiteSpec => ({
  field,
  type: 'nominal',
  title,
  ...extra
});
