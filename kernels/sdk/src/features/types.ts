/**
 * The feature store's types as the SDK exports them. The wire types are the contract's
 * (@mlportal/contract, z.infer of its schemas), under the names the SDK has always used; what
 * stays here is the SDK's own: the convenience inputs (Dates in rows, a maxAge such as '7d') and
 * the results with methods (rows()), each built on the contract's types.
 */
import type { z } from 'zod';
import type {
  ColumnarData,
  ColumnSchema,
  CreateTrainingSetRequest,
  FeatureSchema,
  GroupUpdateResultSchema,
  HistogramBinSchema,
  IngestTransformRequest,
  MaterializeResultSchema,
  OnlineLookupRequest,
  OnlineLookupResult,
  PreviewSchema,
  RowProblemSchema,
  SearchResultSchema,
  TrainingSet as TrainingSetRecord,
  TrainingSetDataQuerySchema
} from '@mlportal/contract';

export type {
  CreateEntityRequest,
  CreateGroupRequest,
  Entity,
  EntityFile,
  FeatureDefinition,
  FeatureStats,
  FeatureType,
  Freshness,
  Group,
  GroupVersion,
  Ingestion,
  InputFormat,
  SearchHit,
  SearchQuery,
  TrainingSetFeature,
  UpdateEntityRequest,
  UpdateGroupRequest,
  Usage
} from '@mlportal/contract';

/** The recorded training set, without rows. */
export type { TrainingSetRecord };

/** A format a training set downloads in. */
export type DownloadFormat = NonNullable<z.output<typeof TrainingSetDataQuerySchema>['format']>;
export type Column = z.output<typeof ColumnSchema>;
export type Feature = z.output<typeof FeatureSchema>;
export type GroupUpdateResult = z.output<typeof GroupUpdateResultSchema>;
export type HistogramBin = z.output<typeof HistogramBinSchema>;
/** The latest rows of a version by event time. */
export type Preview = z.output<typeof PreviewSchema>;
export type MaterializeResult = z.output<typeof MaterializeResultSchema>;
/** One problem of a 422 rows_rejected answer (in MlportalApiError.details.problems). */
export type RowProblem = z.output<typeof RowProblemSchema>;
export type SearchResult = z.output<typeof SearchResultSchema>;
export type OnlineFeature = OnlineLookupResult['features'][number];

/** A value as JSON carries it: timestamps are ISO-8601 strings, int64 a number. */
export type ScalarValue = Preview['rows'][number][string];
/** A value the SDK accepts in rows it sends: a Date becomes its ISO-8601 string. */
export type InputValue = ScalarValue | Date;
/** Rows the SDK sends, Dates allowed. */
type InputRows = Array<Record<string, InputValue>>;

/** Rows sent as JSON, or a SQL SELECT over committed rows of the source groups (each a table named after it). */
export type IngestRequest = { rows: InputRows } | IngestTransformRequest;

/** Feature references ("group:feature" or "group@v2:feature") and the join-key values per entity. */
export interface OnlineRequest extends Omit<OnlineLookupRequest, 'entities'> {
  /** Join-key values per entity, e.g. { origin: 'SFO' }. */
  entities: InputRows;
}

export interface OnlineResult extends OnlineLookupResult {
  /** One object per requested entity: its join keys and each feature's value under its reference. */
  rows(): Array<Record<string, ScalarValue>>;
}

export interface TrainingSetRequest extends Omit<CreateTrainingSetRequest, 'entities' | 'maxAgeSeconds'> {
  /** Entity rows inline (each with its join keys and timestamp), or an uploaded entity file. */
  entities: InputRows | { entityFile: string };
  /** Values older than this (relative to the row's timestamp) come back null: seconds, or '30m', '12h', '7d'. */
  maxAge?: number | string;
}

export interface TrainingSetOptions {
  /** Fetch the rows as columns too (default true); false for a set too large to hold in memory. */
  withData?: boolean;
}

/** A value of a training set column: timestamps as Dates. */
export type TrainingSetValue = ScalarValue | Date;

/** The rows of a training set as typed columns, in row order. */
export interface TrainingSetData extends Pick<ColumnarData, 'columns'> {
  data: Record<string, TrainingSetValue[]>;
}

/** A recorded training set with its rows as columns (data is empty when fetched without them). */
export interface TrainingSet extends TrainingSetRecord {
  data: Record<string, TrainingSetValue[]>;
  /** Whether data holds the rows (false when asked for withData: false). */
  hasData: boolean;
  /** The rows as one object each (built on each call). */
  rows(): Array<Record<string, TrainingSetValue>>;
}
