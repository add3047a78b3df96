/**
 * computeStats: one scan for counts, nulls, extremes, mean, std, exact quantiles and distinct
 * counts of every feature; one more for all numeric histograms (bins from the first scan's
 * min and max); one small GROUP BY per string/bool feature for its top values.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DuckDBMapValue } from '@duckdb/node-api';
import { isoTimestampSql } from './column-types';
import type { Engine } from './engine';
import { toJsonCell, toSafeNumber } from './json-values';
import { filePaths, ident } from './names';
import { schemaColumns, type SchemaColumn } from './schema';
import { Params, queryRows, type Row } from './sql';
import type { FeatureStats, HistogramBin, QuantileName, TableSchema, TopValue } from './types';

export interface StatsArgs {
  files: string[];
  schema: TableSchema;
}

const QUANTILES: Array<[QuantileName, number]> = [
  ['p01', 0.01],
  ['p05', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99]
];
const MAX_BINS = 20;
const TOP_VALUES = 10;

const isNumeric = (c: SchemaColumn) => c.type === 'int64' || c.type === 'float64';
const isCategorical = (c: SchemaColumn) => c.type === 'string' || c.type === 'bool';

export async function computeStats(engine: Engine, args: StatsArgs): Promise<Record<string, FeatureStats>> {
  const features = schemaColumns(args.schema).filter((c) => c.role === 'feature');
  const files = filePaths(args.files, 'files');
  if (features.length === 0) return {};
  return engine.withConnection(async (connection) => {
    const stats = await summarize(connection, files, features);
    await addHistograms(connection, files, features, stats);
    for (const feature of features.filter(isCategorical)) stats[feature.name].topValues = await topValues(connection, files, feature);
    return stats;
  });
}

const source = (params: Params, files: string[]) => `read_parquet(${params.addPaths(files)}, union_by_name = true)`;

async function summarize(connection: DuckDBConnection, files: string[], features: SchemaColumn[]): Promise<Record<string, FeatureStats>> {
  const selects = features.flatMap((feature, i) => {
    const c = ident(feature.name);
    const parts = [`count(${c}) AS s${i}_count`, `count(*) - count(${c}) AS s${i}_nulls`];
    if (isNumeric(feature)) {
      const real = `CAST(${c} AS DOUBLE)`;
      parts.push(
        `min(${c}) AS s${i}_min`,
        `max(${c}) AS s${i}_max`,
        `avg(${real}) AS s${i}_mean`,
        `stddev_samp(${real}) AS s${i}_std`,
        `quantile_cont(${real}, [${QUANTILES.map(([, q]) => q).join(', ')}]) AS s${i}_quantiles`
      );
    } else if (isCategorical(feature)) {
      parts.push(`count(DISTINCT ${c}) AS s${i}_distinct`);
    } else {
      parts.push(`${isoTimestampSql(`min(${c})`)} AS s${i}_min`, `${isoTimestampSql(`max(${c})`)} AS s${i}_max`);
    }
    return parts;
  });
  const params = new Params();
  const [row] = await queryRows(connection, `SELECT ${selects.join(', ')} FROM ${source(params, files)}`, params);
  const stats: Record<string, FeatureStats> = {};
  features.forEach((feature, i) => {
    const get = (what: string): DuckDBValue => row[`s${i}_${what}`];
    const entry: FeatureStats = {
      type: feature.type,
      count: toSafeNumber(get('count'), 'count'),
      nulls: toSafeNumber(get('nulls'), 'nulls')
    };
    if (isNumeric(feature)) {
      const quantiles = listNumbers(get('quantiles'));
      Object.assign(entry, {
        min: numberOrNull(get('min'), feature.name),
        max: numberOrNull(get('max'), feature.name),
        mean: numberOrNull(get('mean'), feature.name),
        std: numberOrNull(get('std'), feature.name),
        quantiles: Object.fromEntries(QUANTILES.map(([name], q) => [name, quantiles[q] ?? null])) as Record<QuantileName, number | null>,
        histogram: []
      });
    } else if (isCategorical(feature)) {
      entry.distinct = toSafeNumber(get('distinct'), 'distinct');
      entry.topValues = [];
    } else {
      entry.min = get('min') === null ? null : String(get('min'));
      entry.max = get('max') === null ? null : String(get('max'));
    }
    stats[feature.name] = entry;
  });
  return stats;
}

interface BinPlan {
  feature: SchemaColumn;
  min: number;
  width: number;
  bins: number;
  /** Integers spanning fewer than MAX_BINS values get one bin per value: [v, v + 1). */
  perValue: boolean;
}

function planBins(feature: SchemaColumn, stats: FeatureStats): BinPlan | null {
  if (stats.count === 0 || typeof stats.min !== 'number' || typeof stats.max !== 'number') return null;
  const { min, max } = stats;
  if (feature.type === 'int64' && max - min < MAX_BINS) return { feature, min, width: 1, bins: max - min + 1, perValue: true };
  if (max === min) return { feature, min, width: 0, bins: 1, perValue: false };
  return { feature, min, width: (max - min) / MAX_BINS, bins: MAX_BINS, perValue: false };
}

async function addHistograms(
  connection: DuckDBConnection,
  files: string[],
  features: SchemaColumn[],
  stats: Record<string, FeatureStats>
): Promise<void> {
  const plans = features.filter(isNumeric).flatMap((f) => planBins(f, stats[f.name]) ?? []);
  if (plans.length === 0) return;
  const params = new Params();
  const selects = plans.map((plan, i) => {
    const value = `CAST(${ident(plan.feature.name)} AS DOUBLE)`;
    const bin =
      plan.width === 0
        ? '0'
        : `least(greatest(floor((${value} - ${params.add(plan.min)}) / ${params.add(plan.width)}), 0), ${plan.bins - 1})`;
    return `histogram(CASE WHEN ${value} IS NOT NULL THEN CAST(${bin} AS INTEGER) END) AS h${i}`;
  });
  const [row] = await queryRows(connection, `SELECT ${selects.join(', ')} FROM ${source(params, files)}`, params);
  plans.forEach((plan, i) => {
    const counts = new Map<number, number>();
    const histogram = row[`h${i}`];
    if (histogram instanceof DuckDBMapValue) {
      for (const { key, value } of histogram.entries) counts.set(Number(key), toSafeNumber(value, 'histogram count'));
    }
    stats[plan.feature.name].histogram = binsOf(plan, stats[plan.feature.name], counts);
  });
}

function binsOf(plan: BinPlan, stats: FeatureStats, counts: Map<number, number>): HistogramBin[] {
  const max = stats.max as number;
  return Array.from({ length: plan.bins }, (_, k) => {
    const lower = plan.min + k * plan.width;
    const last = k === plan.bins - 1;
    const upper = plan.perValue ? lower + 1 : last ? max : plan.min + (k + 1) * plan.width;
    return { lower, upper, count: counts.get(k) ?? 0 };
  });
}

async function topValues(connection: DuckDBConnection, files: string[], feature: SchemaColumn): Promise<TopValue[]> {
  const c = ident(feature.name);
  const params = new Params();
  const rows: Row[] = await queryRows(
    connection,
    `SELECT ${c} AS value, count(*) AS n FROM ${source(params, files)} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY n DESC, value LIMIT ${TOP_VALUES}`,
    params
  );
  return rows.map((r) => ({ value: r.value as string | boolean, count: toSafeNumber(r.n, 'count') }));
}

function numberOrNull(value: DuckDBValue, what: string): number | null {
  const cell = toJsonCell(value, what);
  return typeof cell === 'number' ? cell : null;
}

function listNumbers(value: DuckDBValue): Array<number | null> {
  if (value === null || typeof value !== 'object' || !('items' in value)) return [];
  return (value.items as DuckDBValue[]).map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
}
