/**
 * The feature store's HTTP contract: every request and response shape, as zod schemas. They validate
 * requests, check responses and generate the OpenAPI entries; the SDK and the Feature Discovery
 * sidebar are written against them, so change them only compatibly (new optional fields).
 *
 * Conventions: names of entities, groups, features and columns match NAME (lower snake case);
 * a feature reference is "group:feature" (the group's current version) or "group@v2:feature" (a
 * pinned version); timestamps are ISO-8601 strings in UTC; int64 values are JSON numbers (refused
 * beyond 2^53); `revision` is the document revision a client must send back to edit (409
 * stale_revision when somebody changed it since).
 */
import { z } from 'zod';

export const FEATURE_TYPES = ['int64', 'float64', 'string', 'bool', 'timestamp'] as const;
export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const FEATURE_REFERENCE_PATTERN = /^([a-z][a-z0-9_]{0,62})(?:@v([1-9][0-9]{0,8}))?:([a-z][a-z0-9_]{0,62})$/;
export const INPUT_FORMATS = ['parquet', 'csv', 'ndjson'] as const;
export const DOWNLOAD_FORMATS = ['parquet', 'csv', 'json'] as const;

/** Bounds on what one JSON request may carry (the body limit applies as well). */
export const FEATURE_LIMITS = {
  joinKeys: 8,
  features: 500,
  tags: 20,
  ingestRows: 50_000,
  entityRows: 100_000,
  trainingSetFeatures: 1_000,
  lookupEntities: 1_000,
  lookupFeatures: 500,
  sqlChars: 100_000,
  searchResults: 500,
  previewRows: 100
} as const;

const timestamp = z.iso.datetime({ offset: true });
const name = (what: string) =>
  z.string().regex(NAME_PATTERN, `${what} must be lower snake case: a letter, then letters, digits or _ (at most 63 characters)`);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const tag = z.string().trim().min(1, 'a tag must not be empty').max(50, 'a tag must be at most 50 characters');
const tags = z
  .array(tag)
  .max(FEATURE_LIMITS.tags, `at most ${FEATURE_LIMITS.tags} tags`)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a tag');
const owner = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const revision = z.number().int().positive().meta({ description: 'The revision you read; a stale one is refused with 409 stale_revision' });
// Numbers first: most feature values are numbers, and zod tries the members in order (lookups check thousands).
const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const uniqueNames = <T extends { name: string }>(list: T[]) => new Set(list.map((item) => item.name)).size === list.length;

export const FeatureTypeSchema = z.enum(FEATURE_TYPES).meta({ id: 'FeatureType', description: 'The type of a feature or key column' });
export const InputFormatSchema = z.enum(INPUT_FORMATS).meta({ id: 'FeatureInputFormat' });
export const FeatureReferenceSchema = z
  .string()
  .regex(FEATURE_REFERENCE_PATTERN, 'a feature reference is "group:feature" or "group@v<version>:feature", in lower snake case')
  .meta({ id: 'FeatureReference', description: '"group:feature" (the current version) or "group@v2:feature" (a pinned version)' });

export const ColumnSpecSchema = z.strictObject({ name: name('a column name'), type: FeatureTypeSchema }).meta({ id: 'FeatureColumnSpec' });
export const ColumnSchema = z.object({ name: z.string(), type: FeatureTypeSchema }).meta({ id: 'FeatureColumn' });

// ---------------------------------------------------------------- entities

export const CreateEntityRequestSchema = z
  .strictObject({
    name: name('an entity name'),
    joinKeys: z
      .array(ColumnSpecSchema)
      .min(1, 'an entity needs at least one join key')
      .max(FEATURE_LIMITS.joinKeys, `at most ${FEATURE_LIMITS.joinKeys} join keys`)
      .refine(uniqueNames, 'join key names must be distinct')
      .refine((keys) => keys.every((key) => key.type !== 'float64'), 'a join key cannot be float64 (equality on floats is not a key)')
      .meta({ description: 'The columns that identify one entity, in order (e.g. [{ name: "origin", type: "string" }])' }),
    description: text(2000).optional(),
    owner: owner.optional().meta({ description: 'Defaults to the name of the calling token' })
  })
  .meta({ id: 'CreateEntityRequest' });

export const UpdateEntityRequestSchema = z
  .strictObject({
    expectedRevision: revision,
    description: text(2000).optional(),
    owner: owner.optional()
  })
  .meta({ id: 'UpdateEntityRequest', description: 'Metadata only: join keys never change (define a new entity instead)' });

export const EntitySchema = z
  .object({
    name: z.string(),
    joinKeys: z.array(ColumnSchema),
    description: z.string(),
    owner: z.string(),
    revision: z.number().int(),
    createdAt: timestamp,
    createdBy: z.string(),
    updatedAt: timestamp
  })
  .meta({ id: 'FeatureEntity' });

export const EntityListSchema = z.object({ entities: z.array(EntitySchema) }).meta({ id: 'FeatureEntityList' });

// ---------------------------------------------------------------- feature groups

export const FeatureDefinitionSchema = z
  .strictObject({
    name: name('a feature name'),
    type: FeatureTypeSchema,
    description: text(2000).optional(),
    tags: tags.optional()
  })
  .meta({ id: 'FeatureDefinition' });

const groupFields = {
  entity: name('an entity name').meta({ description: "The entity whose join keys identify the group's rows" }),
  eventTime: name('the event-time column').meta({ description: 'The timestamp column saying when each row was true' }),
  features: z
    .array(FeatureDefinitionSchema)
    .min(1, 'a feature group needs at least one feature')
    .max(FEATURE_LIMITS.features, `at most ${FEATURE_LIMITS.features} features`)
    .refine(uniqueNames, 'feature names must be distinct'),
  description: text(2000).optional(),
  owner: owner.optional().meta({ description: 'Defaults to the name of the calling token' }),
  tags: tags.optional(),
  online: z.boolean().optional().meta({ description: 'Keep the latest values per entity in the online store (default true)' })
};

export const CreateGroupRequestSchema = z
  .strictObject({ name: name('a feature group name'), ...groupFields })
  .meta({ id: 'CreateFeatureGroupRequest' });

export const UpdateGroupRequestSchema = z.strictObject({ expectedRevision: revision, ...groupFields }).meta({
  id: 'UpdateFeatureGroupRequest',
  description:
    "The group's whole new definition. A change to the stored schema (entity/join keys, event time, a feature added, removed or retyped) " +
    'makes a new version, which starts empty; stored data is never rewritten. Description, owner, tags, online and feature descriptions/tags ' +
    'are metadata and stay in the current version.'
});

export const FeatureSchema = z
  .object({ name: z.string(), type: FeatureTypeSchema, description: z.string(), tags: z.array(z.string()) })
  .meta({ id: 'Feature' });

export const FreshnessSchema = z
  .object({
    rows: z.number().int().meta({ description: 'Committed rows in the version' }),
    ingestions: z.number().int(),
    minEventTime: timestamp.nullable(),
    maxEventTime: timestamp.nullable().meta({ description: 'Freshness: the latest event time ingested' }),
    lastIngestedAt: timestamp.nullable()
  })
  .meta({ id: 'FeatureGroupFreshness' });

export const GroupSchema = z
  .object({
    name: z.string(),
    entity: z.string(),
    joinKeys: z.array(ColumnSchema),
    eventTime: z.string(),
    features: z.array(FeatureSchema),
    description: z.string(),
    owner: z.string(),
    tags: z.array(z.string()),
    online: z.boolean(),
    version: z.number().int().meta({ description: 'The current schema version' }),
    revision: z.number().int(),
    freshness: FreshnessSchema.meta({ description: 'Of the current version' }),
    createdAt: timestamp,
    createdBy: z.string(),
    updatedAt: timestamp,
    updatedBy: z.string()
  })
  .meta({ id: 'FeatureGroup' });

export const GroupListSchema = z.object({ groups: z.array(GroupSchema) }).meta({ id: 'FeatureGroupList' });

export const GroupUpdateResultSchema = z
  .object({
    group: GroupSchema,
    versionCreated: z.boolean().meta({ description: 'True when the change was breaking and made a new version' }),
    changes: z.array(z.string()).meta({ description: 'What changed, in words (e.g. "feature delay_mean: float64 → int64")' })
  })
  .meta({ id: 'FeatureGroupUpdateResult' });

export const HistogramBinSchema = z.object({ lower: z.number(), upper: z.number(), count: z.number().int() }).meta({ id: 'HistogramBin' });

export const FeatureStatsSchema = z
  .object({
    type: FeatureTypeSchema.optional(),
    count: z.number().int().meta({ description: 'Non-null values' }),
    nulls: z.number().int(),
    min: z.union([z.number(), z.string()]).nullable().optional(),
    max: z.union([z.number(), z.string()]).nullable().optional(),
    mean: z.number().nullable().optional(),
    std: z.number().nullable().optional(),
    quantiles: z.record(z.string(), z.number().nullable()).optional().meta({ description: 'p01, p05, p25, p50, p75, p95, p99' }),
    histogram: z.array(HistogramBinSchema).optional(),
    distinct: z.number().int().optional(),
    topValues: z.array(z.object({ value: scalar, count: z.number().int() })).optional()
  })
  .meta({
    id: 'FeatureStats',
    description: 'numeric: count, nulls, min, max, mean, std, quantiles, histogram; string/bool: distinct, topValues; timestamp: min, max'
  });

export const GroupVersionSchema = z
  .object({
    group: z.string(),
    version: z.number().int(),
    entity: z.string(),
    joinKeys: z.array(ColumnSchema),
    eventTime: z.string(),
    features: z.array(ColumnSchema),
    createdAt: timestamp,
    createdBy: z.string(),
    changes: z.array(z.string()).meta({ description: 'What made this version (empty for the first)' }),
    freshness: FreshnessSchema,
    stats: z.record(z.string(), FeatureStatsSchema).meta({ description: 'Per feature, over every committed row of the version' }),
    statsComputedAt: timestamp.nullable()
  })
  .meta({ id: 'FeatureGroupVersion' });

export const GroupVersionListSchema = z.object({ versions: z.array(GroupVersionSchema) }).meta({ id: 'FeatureGroupVersionList' });

export const PreviewSchema = z
  .object({ group: z.string(), version: z.number().int(), columns: z.array(ColumnSchema), rows: z.array(z.record(z.string(), scalar)) })
  .meta({ id: 'FeatureGroupPreview', description: 'The latest rows by event time' });

// ---------------------------------------------------------------- ingestion

export const IngestionSchema = z
  .object({
    id: z.string(),
    group: z.string(),
    version: z.number().int(),
    source: z.enum(['file', 'rows', 'transform']),
    format: InputFormatSchema.optional(),
    sql: z.string().optional(),
    sources: z.array(z.string()).optional().meta({ description: 'For a transform: the groups (with versions) it read' }),
    rows: z.number().int(),
    minEventTime: timestamp.nullable(),
    maxEventTime: timestamp.nullable(),
    onlineUpdated: z.number().int().meta({ description: 'Entities whose online values this ingestion made newer' }),
    createdAt: timestamp,
    createdBy: z.string()
  })
  .meta({ id: 'FeatureIngestion' });

export const IngestionListSchema = z.object({ ingestions: z.array(IngestionSchema) }).meta({ id: 'FeatureIngestionList' });

export const IngestFileQuerySchema = z.strictObject({
  format: InputFormatSchema.optional().meta({
    description: 'parquet, csv or ndjson; else taken from Content-Type (text/csv, application/x-ndjson, application/vnd.apache.parquet)'
  })
});

export const IngestRowsRequestSchema = z
  .strictObject({
    rows: z
      .array(z.record(z.string(), scalar))
      .min(1, 'send at least one row')
      .max(FEATURE_LIMITS.ingestRows, `at most ${FEATURE_LIMITS.ingestRows} rows a request; upload a file for more`)
      .meta({ description: 'One object per row: join keys, the event time (ISO-8601) and every feature' })
  })
  .meta({ id: 'IngestRowsRequest' });

export const IngestTransformRequestSchema = z
  .strictObject({
    sql: z
      .string()
      .min(1, 'must not be empty')
      .max(FEATURE_LIMITS.sqlChars, `must be at most ${FEATURE_LIMITS.sqlChars} characters`)
      .meta({ description: 'One SELECT (or WITH … SELECT) whose columns are exactly the target group’s; source groups are its tables' }),
    sources: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,62}(@v[1-9][0-9]{0,8})?$/, 'a source is "group" or "group@v<version>"'))
      .min(1, 'name at least one source group')
      .max(20, 'at most 20 source groups')
      .meta({ description: 'Groups the SQL reads, each as a table named after the group (committed rows of its current or given version)' })
  })
  .meta({ id: 'IngestTransformRequest' });

export const MaterializeResultSchema = z
  .object({ group: z.string(), version: z.number().int(), entities: z.number().int(), updated: z.number().int() })
  .meta({ id: 'FeatureMaterializeResult' });

/** 422 rows_rejected details. */
export const RowProblemSchema = z
  .object({ row: z.number().int(), column: z.string().optional(), reason: z.string() })
  .meta({ id: 'FeatureRowProblem' });

// ---------------------------------------------------------------- online store

export const OnlineLookupRequestSchema = z
  .strictObject({
    features: z
      .array(FeatureReferenceSchema)
      .min(1, 'name at least one feature')
      .max(FEATURE_LIMITS.lookupFeatures, `at most ${FEATURE_LIMITS.lookupFeatures} features a request`),
    entities: z
      .array(z.record(z.string(), scalar))
      .min(1, 'send at least one entity')
      .max(FEATURE_LIMITS.lookupEntities, `at most ${FEATURE_LIMITS.lookupEntities} entities a request`)
      .meta({ description: 'Join-key values per entity, e.g. { origin: "SFO" }; must hold the join keys of every group named' })
  })
  .meta({ id: 'OnlineLookupRequest' });

export const OnlineLookupResultSchema = z
  .object({
    features: z.array(
      z.object({ reference: z.string(), group: z.string(), version: z.number().int(), name: z.string(), type: FeatureTypeSchema })
    ),
    values: z
      .array(z.array(scalar))
      .meta({ description: 'One row per requested entity, in request order; one value per feature, in request order; null when unknown' }),
    eventTimes: z
      .array(z.record(z.string(), timestamp.nullable()))
      .meta({ description: 'Per entity row, per group: the event time of its values' })
  })
  .meta({ id: 'OnlineLookupResult' });

// ---------------------------------------------------------------- training sets

export const EntityFileSchema = z
  .object({ id: z.string(), format: InputFormatSchema, bytes: z.number().int(), createdAt: timestamp, createdBy: z.string() })
  .meta({ id: 'EntityFile', description: 'An uploaded entity file, referenced by id when creating a training set' });

export const EntityFileQuerySchema = z.strictObject({ format: InputFormatSchema.optional() });

export const CreateTrainingSetRequestSchema = z
  .strictObject({
    name: text(200).optional(),
    description: text(2000).optional(),
    features: z
      .array(FeatureReferenceSchema)
      .min(1, 'name at least one feature')
      .max(FEATURE_LIMITS.trainingSetFeatures, `at most ${FEATURE_LIMITS.trainingSetFeatures} features`)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a feature'),
    entities: z
      .union([
        z.strictObject({
          rows: z
            .array(z.record(z.string(), scalar))
            .min(1, 'send at least one entity row')
            .max(FEATURE_LIMITS.entityRows, `at most ${FEATURE_LIMITS.entityRows} rows inline; upload an entity file for more`)
        }),
        z.strictObject({ file: z.string().min(1).max(100).meta({ description: 'The id of an uploaded entity file' }) })
      ])
      .meta({ description: '{ rows: [...] } inline, or { file: "<entity file id>" }' }),
    timestampColumn: name('timestampColumn').meta({ description: 'The entity rows’ column holding each row’s point in time' }),
    maxAgeSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Values older than this (relative to the row’s timestamp) come back null' }),
    fullFeatureNames: z.boolean().optional().meta({ description: 'Name output columns group__feature instead of feature (default false)' })
  })
  .meta({ id: 'CreateTrainingSetRequest' });

export const TrainingSetFeatureSchema = z
  .object({
    reference: z.string(),
    group: z.string(),
    version: z.number().int(),
    feature: z.string(),
    column: z.string(),
    type: FeatureTypeSchema
  })
  .meta({ id: 'TrainingSetFeature' });

export const TrainingSetSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    description: z.string().optional(),
    features: z.array(TrainingSetFeatureSchema),
    entitySource: z.object({ kind: z.enum(['rows', 'file']), file: z.string().optional() }),
    timestampColumn: z.string(),
    maxAgeSeconds: z.number().int().optional(),
    columns: z.array(ColumnSchema),
    rowCount: z.number().int(),
    timeRange: z.object({ min: timestamp.nullable(), max: timestamp.nullable() }),
    artifact: z.object({ sha256: z.string(), bytes: z.number().int() }).meta({ description: 'The Parquet result in the artifact store' }),
    createdAt: timestamp,
    createdBy: z.string()
  })
  .meta({ id: 'TrainingSet' });

export const TrainingSetListSchema = z.object({ trainingSets: z.array(TrainingSetSchema) }).meta({ id: 'TrainingSetList' });

export const TrainingSetDataQuerySchema = z.strictObject({
  format: z.enum(DOWNLOAD_FORMATS).optional().meta({ description: 'Default parquet' })
});

/** The JSON download of a training set: an array of rows, like the JSON ingestion format (engine/export.ts). */
export const TrainingSetJsonRowsSchema = z.array(z.record(z.string(), scalar)).meta({
  id: 'TrainingSetJsonRows',
  description: 'One object per row, column name → value (timestamps as ISO strings, non-finite floats as null)'
});

export const ColumnarDataSchema = z
  .object({
    id: z.string(),
    rowCount: z.number().int(),
    columns: z.array(ColumnSchema),
    data: z.record(z.string(), z.array(scalar)).meta({ description: 'Column name → values in row order (timestamps as ISO strings)' })
  })
  .meta({ id: 'TrainingSetColumns' });

// ---------------------------------------------------------------- discovery

export const SearchQuerySchema = z.strictObject({
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Words matched (case-insensitive) against names and descriptions of groups and features' }),
  tag: z.string().max(50).optional(),
  owner: z.string().max(100).optional(),
  entity: z.string().max(63).optional(),
  type: FeatureTypeSchema.optional().meta({ description: 'Features of this type (results are then features only)' }),
  kind: z.enum(['group', 'feature']).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FEATURE_LIMITS.searchResults)
    .optional()
    .meta({ description: `Default 100, at most ${FEATURE_LIMITS.searchResults}` })
});

export const SearchHitSchema = z
  .object({
    kind: z.enum(['group', 'feature']),
    group: z.string(),
    feature: z.string().optional(),
    reference: z.string().optional().meta({ description: 'group:feature, for features' }),
    type: FeatureTypeSchema.optional(),
    description: z.string(),
    tags: z.array(z.string()),
    owner: z.string(),
    entity: z.string(),
    version: z.number().int(),
    freshness: timestamp.nullable().meta({ description: "The group's latest event time" }),
    usage: z.object({ trainingSets: z.number().int() })
  })
  .meta({ id: 'FeatureSearchHit' });

export const SearchResultSchema = z
  .object({ results: z.array(SearchHitSchema), total: z.number().int() })
  .meta({ id: 'FeatureSearchResult' });

export const UsageQuerySchema = z.strictObject({
  feature: name('a feature name').optional().meta({ description: "One feature of the group; else any of the group's features" })
});

export const UsageSchema = z
  .object({
    group: z.string(),
    feature: z.string().optional(),
    trainingSets: z.array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        version: z.number().int(),
        features: z.array(z.string()),
        rowCount: z.number().int(),
        createdAt: timestamp,
        createdBy: z.string()
      })
    ),
    models: z
      .array(z.object({ model: z.string(), version: z.string(), trainingSetId: z.string() }))
      .meta({ description: 'Models trained on those training sets (filled in by the model registry)' })
  })
  .meta({ id: 'FeatureUsage' });

// ---------------------------------------------------------------- path parameters

export const EntityParamsSchema = z.strictObject({ name: name('the entity name') });
export const GroupParamsSchema = z.strictObject({ name: name('the feature group name') });
export const GroupVersionParamsSchema = z.strictObject({
  name: name('the feature group name'),
  version: z.union([z.literal('current'), z.coerce.number().int().positive()]).meta({ description: 'A version number or "current"' })
});
export const PreviewQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(FEATURE_LIMITS.previewRows).optional() });
export const TrainingSetParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });

export type FeatureType = z.infer<typeof FeatureTypeSchema>;
export type InputFormat = z.infer<typeof InputFormatSchema>;
export type CreateEntityRequest = z.infer<typeof CreateEntityRequestSchema>;
export type UpdateEntityRequest = z.infer<typeof UpdateEntityRequestSchema>;
export type Entity = z.input<typeof EntitySchema>;
export type CreateGroupRequest = z.infer<typeof CreateGroupRequestSchema>;
export type UpdateGroupRequest = z.infer<typeof UpdateGroupRequestSchema>;
export type FeatureDefinition = z.infer<typeof FeatureDefinitionSchema>;
export type Group = z.input<typeof GroupSchema>;
export type Freshness = z.input<typeof FreshnessSchema>;
export type GroupVersion = z.input<typeof GroupVersionSchema>;
export type FeatureStats = z.input<typeof FeatureStatsSchema>;
export type Ingestion = z.input<typeof IngestionSchema>;
export type IngestTransformRequest = z.infer<typeof IngestTransformRequestSchema>;
export type OnlineLookupRequest = z.infer<typeof OnlineLookupRequestSchema>;
export type OnlineLookupResult = z.input<typeof OnlineLookupResultSchema>;
export type CreateTrainingSetRequest = z.infer<typeof CreateTrainingSetRequestSchema>;
export type TrainingSet = z.input<typeof TrainingSetSchema>;
export type TrainingSetFeature = z.input<typeof TrainingSetFeatureSchema>;
export type ColumnarData = z.input<typeof ColumnarDataSchema>;
export type SearchQuery = z.infer<typeof SearchQuerySchema>;
export type SearchHit = z.input<typeof SearchHitSchema>;
export type Usage = z.input<typeof UsageSchema>;
export type EntityFile = z.input<typeof EntityFileSchema>;
