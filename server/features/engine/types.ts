/** The engine's vocabulary: what the feature-store domain hands it and what it hands back. */
import type { FeatureType, InputFormat } from '@mlportal/contract';

export type { FeatureType, InputFormat };

export interface ColumnSpec {
  name: string;
  type: FeatureType;
}

/** A feature group's physical schema: entity join keys, the event-time column, the features. */
export interface TableSchema {
  keys: ColumnSpec[];
  eventTime: string;
  features: ColumnSpec[];
}

/** One thing wrong with an input. `row` is 1-based in input order; 0 when the problem is the file's columns. */
export interface RowProblem {
  row: number;
  column?: string;
  reason: string;
}

export interface HistogramBin {
  /** Bins are [lower, upper); the last one also holds `upper`. */
  lower: number;
  upper: number;
  count: number;
}

export interface TopValue {
  value: string | boolean;
  count: number;
}

export type QuantileName = 'p01' | 'p05' | 'p25' | 'p50' | 'p75' | 'p95' | 'p99';

/**
 * Statistics of one feature, JSON-safe. `count` is the number of non-null values, `nulls` the nulls.
 * int64/float64: min, max, mean, std (sample; null below two values), quantiles (linear interpolation), histogram.
 * string/bool: distinct, topValues (most frequent first, ties by value). timestamp: min, max (ISO-8601 UTC).
 */
export interface FeatureStats {
  type: FeatureType;
  count: number;
  nulls: number;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  std?: number | null;
  quantiles?: Record<QuantileName, number | null>;
  histogram?: HistogramBin[];
  distinct?: number;
  topValues?: TopValue[];
}

/** A JSON-safe cell: int64 and float64 as numbers, timestamps as ISO-8601 UTC strings. */
export type JsonCell = string | number | boolean | null;
