import {
  ColumnarDataSchema,
  EntityListSchema,
  EntitySchema,
  GroupListSchema,
  GroupSchema,
  GroupUpdateResultSchema,
  GroupVersionListSchema,
  GroupVersionSchema,
  IngestionListSchema,
  IngestionSchema,
  MaterializeResultSchema,
  OnlineLookupResultSchema,
  PreviewSchema,
  SearchResultSchema,
  TrainingSetListSchema,
  TrainingSetSchema,
  UsageSchema,
  type CreateTrainingSetRequest
} from '@mlportal/contract';
import { ClientBoundApi, segment } from '../client-bound';
import { MlportalError } from '../errors';
import { announceTrainingSetBuilt } from '../hooks';
import { jsonRows, rowsOf, typedColumns } from './columnar';
import { maxAgeSeconds } from './max-age';
import type {
  CreateEntityRequest,
  CreateGroupRequest,
  Entity,
  Group,
  GroupUpdateResult,
  GroupVersion,
  Ingestion,
  IngestRequest,
  MaterializeResult,
  OnlineRequest,
  OnlineResult,
  Preview,
  ScalarValue,
  SearchQuery,
  SearchResult,
  TrainingSet,
  TrainingSetData,
  TrainingSetOptions,
  TrainingSetRecord,
  TrainingSetRequest,
  UpdateEntityRequest,
  UpdateGroupRequest,
  Usage
} from './types';

export const FEATURES_PATH = '/api/v1/features';

/** Options of the calls that may run long on a big group (a transform, a training set). */
export interface CallOptions {
  /** This call's time limit, instead of the client's. */
  timeoutMs?: number;
}

/**
 * The feature store from a notebook, a job or the sidebar: `client.features`. Browser-safe; the
 * Node entry's NodeFeaturesApi adds the file uploads and downloads.
 */
export class FeaturesApi extends ClientBoundApi {
  // ------------------------------------------------------------ discovery and catalog

  /** Groups and features matching words, tag, owner, entity or type; best matches first. */
  search(query: SearchQuery = {}): Promise<SearchResult> {
    return this.call(SearchResultSchema, `${FEATURES_PATH}/search`, { query: { ...query } });
  }

  async entities(): Promise<Entity[]> {
    return (await this.call(EntityListSchema, `${FEATURES_PATH}/entities`)).entities;
  }

  entity(name: string): Promise<Entity> {
    return this.call(EntitySchema, `${FEATURES_PATH}/entities/${segment(name)}`);
  }

  async groups(): Promise<Group[]> {
    return (await this.call(GroupListSchema, `${FEATURES_PATH}/groups`)).groups;
  }

  group(name: string): Promise<Group> {
    return this.call(GroupSchema, `${FEATURES_PATH}/groups/${segment(name)}`);
  }

  /** Every schema version of a group, oldest first, with freshness and statistics. */
  async versions(name: string): Promise<GroupVersion[]> {
    return (await this.call(GroupVersionListSchema, `${FEATURES_PATH}/groups/${segment(name)}/versions`)).versions;
  }

  /** One version (default the current one) with its per-feature statistics and histograms. */
  version(name: string, version: number | 'current' = 'current'): Promise<GroupVersion> {
    return this.call(GroupVersionSchema, `${FEATURES_PATH}/groups/${segment(name)}/versions/${segment(version)}`);
  }

  /** The latest rows of a version, newest event time first (at most 100). */
  preview(name: string, version: number | 'current' = 'current', limit?: number): Promise<Preview> {
    return this.call(PreviewSchema, `${FEATURES_PATH}/groups/${segment(name)}/versions/${segment(version)}/preview`, { query: { limit } });
  }

  /** Which training sets and models used the group, or one of its features. */
  usage(name: string, feature?: string): Promise<Usage> {
    return this.call(UsageSchema, `${FEATURES_PATH}/groups/${segment(name)}/usage`, { query: { feature } });
  }

  createEntity(request: CreateEntityRequest): Promise<Entity> {
    return this.call(EntitySchema, `${FEATURES_PATH}/entities`, { method: 'POST', body: request });
  }

  updateEntity(name: string, request: UpdateEntityRequest): Promise<Entity> {
    return this.call(EntitySchema, `${FEATURES_PATH}/entities/${segment(name)}`, { method: 'PUT', body: request });
  }

  createGroup(request: CreateGroupRequest): Promise<Group> {
    return this.call(GroupSchema, `${FEATURES_PATH}/groups`, { method: 'POST', body: request });
  }

  /** Replaces the definition; a breaking schema change makes a new, empty version. */
  updateGroup(name: string, request: UpdateGroupRequest): Promise<GroupUpdateResult> {
    return this.call(GroupUpdateResultSchema, `${FEATURES_PATH}/groups/${segment(name)}`, { method: 'PUT', body: request });
  }

  // ------------------------------------------------------------ ingestion

  /**
   * Ingests rows (at most 50,000 a call; upload a file for more), or the result of a SQL SELECT
   * over other groups' committed rows. All or nothing: a 422 names the rows that broke the schema.
   */
  ingest(group: string, request: IngestRequest, options: CallOptions = {}): Promise<Ingestion> {
    const path = `${FEATURES_PATH}/groups/${segment(group)}/ingest`;
    if ('rows' in request && Array.isArray(request.rows)) {
      return this.call(IngestionSchema, `${path}/rows`, { method: 'POST', body: { rows: jsonRows(request.rows) }, ...options });
    }
    if ('sql' in request && typeof request.sql === 'string') {
      return this.call(IngestionSchema, `${path}/transform`, {
        method: 'POST',
        body: { sql: request.sql, sources: request.sources },
        ...options
      });
    }
    throw new MlportalError('ingest needs { rows: [...] } or { sql: "SELECT ...", sources: ["group", ...] }');
  }

  /** The committed ingestions of a group, every version, oldest first. */
  async ingestions(group: string): Promise<Ingestion[]> {
    return (await this.call(IngestionListSchema, `${FEATURES_PATH}/groups/${segment(group)}/ingestions`)).ingestions;
  }

  /** Rebuilds the group's online values from its offline rows (the latest row per entity). */
  materialize(group: string, options: CallOptions = {}): Promise<MaterializeResult> {
    return this.call(MaterializeResultSchema, `${FEATURES_PATH}/groups/${segment(group)}/materialize`, { method: 'POST', ...options });
  }

  // ------------------------------------------------------------ serving and training

  /** The latest values of the features for each entity, in request order (null where unknown). */
  async online(request: OnlineRequest): Promise<OnlineResult> {
    const entities = jsonRows(request.entities);
    const answer = await this.call(OnlineLookupResultSchema, `${FEATURES_PATH}/online`, {
      method: 'POST',
      body: { features: request.features, entities }
    });
    return {
      ...answer,
      rows: () =>
        answer.values.map((values, index) => {
          const row: Record<string, ScalarValue> = { ...entities[index] };
          answer.features.forEach((feature, position) => (row[feature.reference] = values[position]));
          return row;
        })
    };
  }

  /**
   * A point-in-time training set: each entity row gets the latest values at or before its
   * timestamp, never after (and none older than maxAge). Recorded with an id; its rows come back as
   * typed columns unless withData is false.
   */
  async trainingSet(request: TrainingSetRequest, options: TrainingSetOptions & CallOptions = {}): Promise<TrainingSet> {
    const client = this.client();
    const record = await this.call(
      TrainingSetSchema,
      `${FEATURES_PATH}/training-sets`,
      { method: 'POST', body: trainingSetBody(request), timeoutMs: options.timeoutMs },
      client
    );
    // Lets an active run record what it trains on, without this API knowing about runs.
    await announceTrainingSetBuilt({ client, trainingSetId: record.id });
    return this.withData(record, options);
  }

  /** A recorded training set by id, with its rows as columns unless withData is false. */
  async getTrainingSet(id: string, options: TrainingSetOptions & CallOptions = {}): Promise<TrainingSet> {
    const record = await this.call(TrainingSetSchema, `${FEATURES_PATH}/training-sets/${segment(id)}`);
    return this.withData(record, options);
  }

  /** Every training set record, newest first (no rows). */
  async trainingSets(): Promise<TrainingSetRecord[]> {
    return (await this.call(TrainingSetListSchema, `${FEATURES_PATH}/training-sets`)).trainingSets;
  }

  /** A training set's rows as typed columns (timestamps as Dates); 413 when too large for one answer. */
  async trainingSetData(id: string, options: CallOptions = {}): Promise<TrainingSetData> {
    const answer = await this.call(ColumnarDataSchema, `${FEATURES_PATH}/training-sets/${segment(id)}/columns`, options);
    return { columns: answer.columns, data: typedColumns(answer.columns, answer.data) };
  }

  private async withData(record: TrainingSetRecord, options: TrainingSetOptions & CallOptions): Promise<TrainingSet> {
    const hasData = options.withData !== false;
    const data = hasData ? (await this.trainingSetData(record.id, options)).data : {};
    return { ...record, data, hasData, rows: () => (hasData ? rowsOf(record.columns, data, record.rowCount) : []) };
  }
}

function trainingSetBody(request: TrainingSetRequest): CreateTrainingSetRequest {
  const { entities } = request;
  let entitySource: CreateTrainingSetRequest['entities'];
  if (Array.isArray(entities)) entitySource = { rows: jsonRows(entities) };
  else if (entities && typeof entities.entityFile === 'string') entitySource = { file: entities.entityFile };
  else throw new MlportalError('entities must be an array of entity rows, or { entityFile: "<id from uploadEntities>" }');
  return {
    name: request.name,
    description: request.description,
    features: request.features,
    entities: entitySource,
    timestampColumn: request.timestampColumn,
    maxAgeSeconds: request.maxAge === undefined ? undefined : maxAgeSeconds(request.maxAge),
    fullFeatureNames: request.fullFeatureNames
  };
}
