/**
 * The feature store's documents in the document store, and the collections that hold them.
 * Domain code reaches them only through the store port.
 */
import type { TableSchema } from './engine';
import type { FeatureStats, FeatureType, InputFormat } from '@mlportal/contract';

export interface ColumnSpec {
  name: string;
  type: FeatureType;
}

export interface EntityDocument {
  name: string;
  joinKeys: ColumnSpec[];
  description: string;
  owner: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface FeatureDocument extends ColumnSpec {
  description: string;
  tags: string[];
}

/**
 * A feature group: its metadata and the physical schema of its current version. The group document
 * is the gate for every change (its revision), and holds all a version document is made from, so a
 * missing version document (a process killed between the two writes) is rebuilt from it.
 */
export interface GroupDocument {
  name: string;
  entity: string;
  joinKeys: ColumnSpec[];
  eventTime: string;
  features: FeatureDocument[];
  description: string;
  owner: string;
  tags: string[];
  online: boolean;
  version: number;
  /** What made the current version, and when. */
  versionChanges: string[];
  versionCreatedAt: string;
  versionCreatedBy: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FreshnessDocument {
  rows: number;
  ingestions: number;
  minEventTime: string | null;
  maxEventTime: string | null;
  lastIngestedAt: string | null;
}

/** _id: "<group>@v<version>". The schema never changes; the summary follows the committed ingestions. */
export interface VersionDocument {
  group: string;
  version: number;
  entity: string;
  joinKeys: ColumnSpec[];
  eventTime: string;
  features: ColumnSpec[];
  changes: string[];
  createdAt: string;
  createdBy: string;
  freshness: FreshnessDocument;
  stats: Record<string, FeatureStats>;
  statsComputedAt: string | null;
  /** How many committed ingestions the freshness and stats cover (recovery refreshes a version when it lags). */
  summarizedIngestions: number;
}

export type OnlineState = 'pending' | 'applied' | 'skipped';

/** _id: the ingestion id. It exists only once the ingestion is committed: its file is then visible. */
export interface IngestionDocument {
  group: string;
  version: number;
  source: 'file' | 'rows' | 'transform';
  format?: InputFormat;
  sql?: string;
  sources?: string[];
  /** Relative to the offline folder. */
  file: string;
  rows: number;
  minEventTime: string | null;
  maxEventTime: string | null;
  online: OnlineState;
  onlineUpdated: number;
  createdAt: string;
  createdBy: string;
}

/**
 * _id: "<group>@v<version>|<key JSON>" (or a hash of it when long): one document per entity and group
 * version. `values` follow the version's features in order (a version's schema never changes): a
 * list reads back faster than an object keyed by name, and lookups read a hundred of them at a time.
 */
export interface OnlineDocument {
  group: string;
  version: number;
  key: Array<string | number | boolean>;
  eventTime: string;
  values: Array<string | number | boolean | null>;
}

export interface EntityFileDocument {
  format: InputFormat;
  bytes: number;
  createdAt: string;
  createdBy: string;
}

export interface TrainingSetFeatureDocument {
  reference: string;
  group: string;
  version: number;
  feature: string;
  column: string;
  type: FeatureType;
}

export interface ArtifactRef {
  sha256: string;
  bytes: number;
}

export interface TrainingSetDocument {
  name?: string;
  description?: string;
  features: TrainingSetFeatureDocument[];
  entitySource: { kind: 'rows' | 'file'; file?: string };
  timestampColumn: string;
  maxAgeSeconds?: number;
  columns: ColumnSpec[];
  rowCount: number;
  timeRange: { min: string | null; max: string | null };
  artifact: ArtifactRef;
  /** CSV and JSON renderings, made on first download and kept. */
  exports?: { csv?: ArtifactRef; json?: ArtifactRef };
  createdAt: string;
  createdBy: string;
}

/** _id: "<training set>|<group>|<feature>": which training sets used a feature. */
export interface UsageDocument {
  trainingSetId: string;
  group: string;
  version: number;
  feature: string;
  createdAt: string;
}

export const COLLECTIONS = {
  entities: 'feature_entities',
  groups: 'feature_groups',
  versions: 'feature_group_versions',
  ingestions: 'feature_ingestions',
  online: 'feature_online',
  entityFiles: 'feature_entity_files',
  trainingSets: 'feature_training_sets',
  usage: 'feature_usage'
} as const;

export function versionId(group: string, version: number): string {
  return `${group}@v${version}`;
}

export const EMPTY_FRESHNESS: FreshnessDocument = { rows: 0, ingestions: 0, minEventTime: null, maxEventTime: null, lastIngestedAt: null };

/** The physical schema the engine checks and writes for a version. */
export function tableSchema(version: VersionDocument): TableSchema {
  return { keys: version.joinKeys, eventTime: version.eventTime, features: version.features };
}
