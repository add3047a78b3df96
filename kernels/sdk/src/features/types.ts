/**
 * The feature store's answers and requests as the SDK sees them. They mirror the backend's zod
 * contract (server/features/schemas.ts) by hand: the SDK ships on its own, and tslab type-checks
 * these declarations with TypeScript 5.0 and the ES2022 library only.
 */

export type FeatureType = 'int64' | 'float64' | 'string' | 'bool' | 'timestamp';
export type InputFormat = 'parquet' | 'csv' | 'ndjson';
export type DownloadFormat = 'parquet' | 'csv' | 'json';

/** A value as JSON carries it: timestamps are ISO-8601 strings, int64 a number. */
export type ScalarValue = string | number | boolean | null;
/** A value the SDK accepts in rows it sends: a Date becomes its ISO-8601 string. */
export type InputValue = ScalarValue | Date;

export interface Column {
  name: string;
  type: FeatureType;
}

export interface Entity {
  name: string;
  joinKeys: Column[];
  description: string;
  owner: string;
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface CreateEntityRequest {
  name: string;
  /** The columns that identify one entity, in order; never float64. */
  joinKeys: Column[];
  description?: string;
  /** Defaults to the name of the calling token. */
  owner?: string;
}

export interface UpdateEntityRequest {
  expectedRevision: number;
  description?: string;
  owner?: string;
}

export interface FeatureDefinition {
  name: string;
  type: FeatureType;
  description?: string;
  tags?: string[];
}

export interface Feature {
  name: string;
  type: FeatureType;
  description: string;
  tags: string[];
}

export interface Freshness {
  /** Committed rows in the version. */
  rows: number;
  ingestions: number;
  minEventTime: string | null;
  /** The latest event time ingested. */
  maxEventTime: string | null;
  lastIngestedAt: string | null;
}

export interface Group {
  name: string;
  entity: string;
  joinKeys: Column[];
  eventTime: string;
  features: Feature[];
  description: string;
  owner: string;
  tags: string[];
  online: boolean;
  /** The current schema version. */
  version: number;
  revision: number;
  /** Of the current version. */
  freshness: Freshness;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface CreateGroupRequest {
  name: string;
  entity: string;
  /** The timestamp column saying when each row was true. */
  eventTime: string;
  features: FeatureDefinition[];
  description?: string;
  owner?: string;
  tags?: string[];
  /** Keep the latest values per entity in the online store (default true). */
  online?: boolean;
}

/** The group's whole new definition; a breaking schema change makes a new, empty version. */
export type UpdateGroupRequest = Omit<CreateGroupRequest, 'name'> & { expectedRevision: number };

export interface GroupUpdateResult {
  group: Group;
  /** True when the change was breaking and made a new version. */
  versionCreated: boolean;
  /** What changed, in words. */
  changes: string[];
}

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface FeatureStats {
  type?: FeatureType;
  /** Non-null values. */
  count: number;
  nulls: number;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  std?: number | null;
  /** p01, p05, p25, p50, p75, p95, p99. */
  quantiles?: Record<string, number | null>;
  histogram?: HistogramBin[];
  distinct?: number;
  topValues?: Array<{ value: ScalarValue; count: number }>;
}

export interface GroupVersion {
  group: string;
  version: number;
  entity: string;
  joinKeys: Column[];
  eventTime: string;
  features: Column[];
  createdAt: string;
  createdBy: string;
  /** What made this version (empty for the first). */
  changes: string[];
  freshness: Freshness;
  /** Per feature, over every committed row of the version. */
  stats: Record<string, FeatureStats>;
  statsComputedAt: string | null;
}

export interface Preview {
  group: string;
  version: number;
  columns: Column[];
  /** The latest rows by event time. */
  rows: Array<Record<string, ScalarValue>>;
}

export interface Ingestion {
  id: string;
  group: string;
  version: number;
  source: 'file' | 'rows' | 'transform';
  format?: InputFormat;
  sql?: string;
  /** For a transform: the groups (with versions) it read. */
  sources?: string[];
  rows: number;
  minEventTime: string | null;
  maxEventTime: string | null;
  /** Entities whose online values this ingestion made newer. */
  onlineUpdated: number;
  createdAt: string;
  createdBy: string;
}

/** Rows sent as JSON, or a SQL SELECT over committed rows of the source groups (each a table named after it). */
export type IngestRequest = { rows: Array<Record<string, InputValue>> } | { sql: string; sources: string[] };

export interface MaterializeResult {
  group: string;
  version: number;
  entities: number;
  updated: number;
}

/** One problem of a 422 rows_rejected answer (in MlportalApiError.details.problems). */
export interface RowProblem {
  /** 1-based row number in the input. */
  row: number;
  column?: string;
  reason: string;
}

export interface SearchQuery {
  /** Words matched (case-insensitive) against names and descriptions of groups and features. */
  q?: string;
  tag?: string;
  owner?: string;
  entity?: string;
  /** Features of this type (results are then features only). */
  type?: FeatureType;
  kind?: 'group' | 'feature';
  /** Default 100, at most 500. */
  limit?: number;
}

export interface SearchHit {
  kind: 'group' | 'feature';
  group: string;
  feature?: string;
  /** group:feature, for features. */
  reference?: string;
  type?: FeatureType;
  description: string;
  tags: string[];
  owner: string;
  entity: string;
  version: number;
  /** The group's latest event time. */
  freshness: string | null;
  usage: { trainingSets: number };
}

export interface SearchResult {
  results: SearchHit[];
  total: number;
}

export interface Usage {
  group: string;
  feature?: string;
  trainingSets: Array<{ id: string; name?: string; version: number; features: string[]; rowCount: number; createdAt: string; createdBy: string }>;
  models: Array<{ model: string; version: string; trainingSetId: string }>;
}

export interface OnlineRequest {
  /** Feature references: "group:feature" or "group@v2:feature". */
  features: string[];
  /** Join-key values per entity, e.g. { origin: 'SFO' }. */
  entities: Array<Record<string, InputValue>>;
}

export interface OnlineFeature {
  reference: string;
  group: string;
  version: number;
  name: string;
  type: FeatureType;
}

export interface OnlineResult {
  features: OnlineFeature[];
  /** values[entity][feature], in request order; null where unknown. */
  values: ScalarValue[][];
  /** Per entity row, per group: the event time of its values. */
  eventTimes: Array<Record<string, string | null>>;
  /** One object per requested entity: its join keys and each feature's value under its reference. */
  rows(): Array<Record<string, ScalarValue>>;
}

export interface EntityFile {
  id: string;
  format: InputFormat;
  bytes: number;
  createdAt: string;
  createdBy: string;
}

export interface TrainingSetRequest {
  /** Entity rows inline (each with its join keys and timestamp), or an uploaded entity file. */
  entities: Array<Record<string, InputValue>> | { entityFile: string };
  /** The entity rows' column holding each row's point in time. */
  timestampColumn: string;
  /** Feature references: "group:feature" or "group@v2:feature". */
  features: string[];
  /** Values older than this (relative to the row's timestamp) come back null: seconds, or '30m', '12h', '7d'. */
  maxAge?: number | string;
  name?: string;
  description?: string;
  /** Name output columns group__feature instead of feature. */
  fullFeatureNames?: boolean;
}

export interface TrainingSetOptions {
  /** Fetch the rows as columns too (default true); false for a set too large to hold in memory. */
  withData?: boolean;
}

export interface TrainingSetFeature {
  reference: string;
  group: string;
  version: number;
  feature: string;
  column: string;
  type: FeatureType;
}

/** The recorded training set, without rows. */
export interface TrainingSetRecord {
  id: string;
  name?: string;
  description?: string;
  features: TrainingSetFeature[];
  entitySource: { kind: 'rows' | 'file'; file?: string };
  timestampColumn: string;
  maxAgeSeconds?: number;
  columns: Column[];
  rowCount: number;
  timeRange: { min: string | null; max: string | null };
  /** The Parquet result in the artifact store. */
  artifact: { sha256: string; bytes: number };
  createdAt: string;
  createdBy: string;
}

/** A value of a training set column: timestamps as Dates. */
export type TrainingSetValue = ScalarValue | Date;

/** The rows of a training set as typed columns, in row order. */
export interface TrainingSetData {
  columns: Column[];
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
