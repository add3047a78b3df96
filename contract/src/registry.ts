/**
 * The model registry's HTTP contract: every request and response shape as zod schemas.
 * They validate requests, check answers and generate the OpenAPI entries; the SDK, the MLflow
 * layer and the sidebar are written against them, so change them only compatibly.
 *
 * Conventions: model names follow MLflow's habits (`flights-delay`, `Flights.Delay`); tag, metric
 * and param keys follow MLflow's rule (so "." and "/" are allowed, and the store keeps them as
 * key/value lists, never as field names); timestamps are ISO-8601 UTC strings; `revision` is what a
 * client sends back as expectedRevision to change something (409 stale_revision when it moved on).
 */
import { z } from 'zod';
import { TrainingSetSchema } from './features';
import { KEY_PATTERN, RunSchema } from './tracking';

export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
export const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const STAGES = ['none', 'staging', 'production', 'archived'] as const;
export const EVENT_KINDS = ['created', 'stage', 'alias-set', 'alias-deleted', 'edited', 'deleted'] as const;

export const REGISTRY_LIMITS = {
  description: 5_000,
  card: 100_000,
  tags: 100,
  tagValue: 5_000,
  metrics: 1_000,
  params: 1_000,
  paramValue: 6_000,
  comment: 1_000,
  listResults: 1_000,
  compareMin: 2,
  compareMax: 5,
  lineageText: 1_000
} as const;

const timestamp = z.iso.datetime({ offset: true });
const revision = z.number().int().positive().meta({ description: 'The revision you read; a stale one is refused with 409 stale_revision' });
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const key = (what: string) => z.string().regex(KEY_PATTERN, `${what} must be 1 to 250 characters of letters, digits, space, _ . - /`);
const atMostKeys = (max: number) => (record: Record<string, unknown>) => Object.keys(record).length <= max;

export const ModelNameSchema = z
  .string()
  .regex(MODEL_NAME_PATTERN, 'a model name starts with a letter or digit, then letters, digits, _ . or - (at most 128 characters)')
  .meta({ id: 'ModelName' });
export const AliasSchema = z
  .string()
  .regex(ALIAS_PATTERN, 'an alias is lower case: a letter, then letters, digits, _ or - (at most 63 characters)')
  .refine((alias) => alias !== 'latest' && !/^v\d+$/.test(alias), 'an alias may not be "latest" or v<digits>: those name versions already')
  .meta({ id: 'ModelAlias' });
export const StageSchema = z.enum(STAGES).meta({ id: 'ModelStage' });
export const Sha256Schema = z.string().regex(SHA256_PATTERN, 'must be a SHA-256: 64 lowercase hex digits').meta({ id: 'Sha256' });

export const TagsSchema = z
  .record(key('a tag key'), text(REGISTRY_LIMITS.tagValue))
  .refine(atMostKeys(REGISTRY_LIMITS.tags), `at most ${REGISTRY_LIMITS.tags} tags`)
  .meta({ id: 'ModelTags', description: 'key → value' });
export const MetricsSchema = z
  .record(key('a metric key'), z.number().meta({ description: 'A finite number' }))
  .refine(atMostKeys(REGISTRY_LIMITS.metrics), `at most ${REGISTRY_LIMITS.metrics} metrics`)
  .meta({ id: 'ModelMetrics', description: 'key → finite number' });
export const ParamsSchema = z
  .record(key('a param key'), text(REGISTRY_LIMITS.paramValue))
  .refine(atMostKeys(REGISTRY_LIMITS.params), `at most ${REGISTRY_LIMITS.params} params`)
  .meta({ id: 'ModelParams', description: 'key → value (strings)' });

// ---------------------------------------------------------------- artifacts and signatures

export const TensorSpecSchema = z
  .object({
    name: z.string(),
    elementType: z.string().meta({
      description:
        "float32, float64, float16, bfloat16, int8…int64, uint8…uint64, string, bool, complex64/128; a non-tensor value says what it holds, e.g. 'sequence<map<int64,float32>>'"
    }),
    shape: z.array(z.union([z.number().int(), z.string(), z.null()])).meta({
      description:
        'A number per fixed dimension, a string for a symbolic one ("batch"), null where unknown; [] for a scalar or unknown rank'
    })
  })
  .meta({ id: 'TensorSpec' });

export const SignatureSchema = z
  .object({
    inputs: z.array(TensorSpecSchema),
    outputs: z.array(TensorSpecSchema),
    opsets: z.array(z.object({ domain: z.string().meta({ description: '"" is the default ONNX domain' }), version: z.number().int() })),
    producer: z.string().optional(),
    irVersion: z.number().int()
  })
  .meta({ id: 'ModelSignature' });

export const ModelArtifactSchema = z
  .object({ sha256: z.string(), size: z.number().int(), format: z.literal('onnx'), signature: SignatureSchema })
  .meta({ id: 'ModelArtifact' });

// ---------------------------------------------------------------- models

export const RegisteredModelSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    tags: z.record(z.string(), z.string()),
    aliases: z.record(z.string(), z.number().int()).meta({ description: 'alias → version' }),
    latestVersion: z.number().int().nullable(),
    versionCount: z.number().int(),
    productionVersion: z.number().int().nullable().meta({ description: 'The newest version in production, if any' }),
    createdAt: timestamp,
    updatedAt: timestamp,
    createdBy: z.string(),
    revision: z.number().int()
  })
  .meta({ id: 'RegisteredModel' });

export const ModelListSchema = z
  .object({ models: z.array(RegisteredModelSchema), nextPageToken: z.string().optional() })
  .meta({ id: 'RegisteredModelList' });

export const CreateModelRequestSchema = z
  .strictObject({ name: ModelNameSchema, description: text(REGISTRY_LIMITS.description).optional(), tags: TagsSchema.optional() })
  .meta({ id: 'CreateModelRequest' });

export const UpdateModelRequestSchema = z
  .strictObject({
    expectedRevision: revision,
    description: text(REGISTRY_LIMITS.description).optional(),
    tags: TagsSchema.optional().meta({ description: 'Replaces all tags' })
  })
  .meta({ id: 'UpdateModelRequest' });

export const ListModelsQuerySchema = z.strictObject({
  search: z.string().max(200).optional().meta({ description: 'Substring of the name, case-insensitive' }),
  maxResults: z.coerce
    .number()
    .int()
    .min(1)
    .max(REGISTRY_LIMITS.listResults)
    .optional()
    .meta({ description: `Default 100, at most ${REGISTRY_LIMITS.listResults}` }),
  pageToken: z.string().max(500).optional()
});

// ---------------------------------------------------------------- versions

export const LineageFeatureSchema = z
  .object({ group: z.string(), version: z.number().int(), feature: z.string(), reference: z.string() })
  .meta({ id: 'ModelLineageFeature' });

export const LineageSchema = z
  .object({
    runId: z.string().optional(),
    experimentId: z.string().optional(),
    trainingSetId: z.string().optional(),
    features: z.array(LineageFeatureSchema),
    notebookPath: z.string().optional(),
    cellId: z.string().optional(),
    gitCommit: z.string().optional(),
    jobId: z.string().optional(),
    source: z.string().optional()
  })
  .meta({ id: 'ModelLineage' });

export const ModelVersionSchema = z
  .object({
    model: z.string(),
    version: z.number().int(),
    description: z.string(),
    stage: StageSchema,
    aliases: z.array(z.string()),
    artifact: ModelArtifactSchema,
    metrics: z.record(z.string(), z.number()),
    params: z.record(z.string(), z.string()),
    tags: z.record(z.string(), z.string()),
    card: z.string().meta({ description: 'Markdown' }),
    lineage: LineageSchema,
    createdAt: timestamp,
    createdBy: z.string(),
    updatedAt: timestamp,
    revision: z.number().int()
  })
  .meta({ id: 'ModelVersion' });

export const VersionListSchema = z.object({ versions: z.array(ModelVersionSchema) }).meta({ id: 'ModelVersionList' });

const lineageText = text(REGISTRY_LIMITS.lineageText).optional();
export const LineageHintsSchema = z
  .strictObject({ notebookPath: lineageText, cellId: lineageText, gitCommit: lineageText, jobId: lineageText, source: lineageText })
  .meta({ id: 'ModelLineageHints', description: 'Where the model came from, beyond what the run says (these win over the run)' });

export const CreateVersionRequestSchema = z
  .strictObject({
    artifact: Sha256Schema.meta({ description: 'The sha256 of an uploaded, validated ONNX file (POST /api/v1/models/artifacts)' }),
    description: text(REGISTRY_LIMITS.description).optional(),
    metrics: MetricsSchema.optional().meta({ description: "Default: the run's latest metrics" }),
    params: ParamsSchema.optional().meta({ description: "Default: the run's params" }),
    tags: TagsSchema.optional(),
    card: text(REGISTRY_LIMITS.card).optional(),
    runId: z.string().min(1).max(64).optional(),
    trainingSetId: z.string().min(1).max(100).optional().meta({ description: "Default: the run's origin.trainingSetId" }),
    lineage: LineageHintsSchema.optional()
  })
  .meta({ id: 'CreateModelVersionRequest' });

export const UpdateVersionRequestSchema = z
  .strictObject({
    expectedRevision: revision,
    description: text(REGISTRY_LIMITS.description).optional(),
    card: text(REGISTRY_LIMITS.card).optional(),
    tags: TagsSchema.optional().meta({ description: 'Replaces all tags' }),
    metrics: MetricsSchema.optional().meta({ description: 'Replaces all metrics' })
  })
  .meta({ id: 'UpdateModelVersionRequest' });

export const TransitionRequestSchema = z
  .strictObject({
    expectedRevision: revision,
    stage: StageSchema,
    archiveExistingVersions: z.boolean().optional().meta({ description: 'Move the other versions now in the target stage to archived' }),
    comment: text(REGISTRY_LIMITS.comment).optional()
  })
  .meta({ id: 'ModelStageTransitionRequest' });

export const SetAliasRequestSchema = z
  .strictObject({
    version: z.number().int().positive(),
    expectedRevision: revision.meta({ description: "The model's revision (aliases live on the model)" })
  })
  .meta({ id: 'SetModelAliasRequest' });

// ---------------------------------------------------------------- history, compare, lineage

export const StageEventSchema = z
  .object({
    at: timestamp,
    by: z.string(),
    model: z.string(),
    version: z.number().int().optional(),
    kind: z.enum(EVENT_KINDS),
    alias: z.string().optional().meta({ description: 'For alias-set and alias-deleted' }),
    from: z.string().nullable().optional().meta({ description: 'Stage, or for aliases the version it pointed at' }),
    to: z.string().nullable().optional(),
    comment: z.string().optional()
  })
  .meta({ id: 'ModelStageEvent' });

export const HistorySchema = z.object({ events: z.array(StageEventSchema) }).meta({ id: 'ModelHistory' });

export const CompareQuerySchema = z.strictObject({
  versions: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'versions is a comma-separated list of version numbers, e.g. 1,3')
    .transform((list) => list.split(',').map(Number))
    .refine(
      (list) => list.length >= REGISTRY_LIMITS.compareMin && list.length <= REGISTRY_LIMITS.compareMax,
      `compare ${REGISTRY_LIMITS.compareMin} to ${REGISTRY_LIMITS.compareMax} versions`
    )
    .refine((list) => new Set(list).size === list.length, 'list each version once')
    .refine((list) => list.every((v) => v >= 1), 'versions start at 1')
});

export const CompareSchema = z
  .object({
    versions: z.array(ModelVersionSchema),
    metrics: z.array(z.object({ key: z.string(), values: z.array(z.number().nullable()) })),
    params: z.array(z.object({ key: z.string(), values: z.array(z.string().nullable()), differs: z.boolean() })),
    signatureDiffers: z.boolean().meta({ description: 'Whether the inputs or outputs (names, element types, shapes) differ' })
  })
  .meta({ id: 'ModelComparison', description: 'values[i] belongs to versions[i]; null where that version lacks the key' });

export const VersionLineageSchema = z
  .object({
    version: ModelVersionSchema,
    run: RunSchema.optional(),
    trainingSet: TrainingSetSchema.optional(),
    features: z.array(LineageFeatureSchema)
  })
  .meta({ id: 'ModelVersionLineage' });

export const FeatureModelsSchema = z
  .object({
    models: z.array(z.object({ model: z.string(), version: z.number().int(), stage: StageSchema, trainingSetId: z.string() }))
  })
  .meta({
    id: 'FeatureModels',
    description: 'Model versions trained on a training set that used the feature (any group version), newest first'
  });

// ---------------------------------------------------------------- path and query parameters

export const ModelParamsSchema = z.strictObject({ name: ModelNameSchema });
export const VersionParamsSchema = z.strictObject({ name: ModelNameSchema, version: z.coerce.number().int().positive() });
export const AliasParamsSchema = z.strictObject({ name: ModelNameSchema, alias: AliasSchema });
export const RevisionQuerySchema = z.strictObject({
  expectedRevision: z.coerce.number().int().positive().meta({ description: 'The revision you read' })
});
export const FeatureParamsSchema = z.strictObject({
  group: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a feature group name is lower snake case'),
  feature: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a feature name is lower snake case')
});

export type Stage = z.infer<typeof StageSchema>;
export type EventKind = (typeof EVENT_KINDS)[number];
export type TensorSpec = z.input<typeof TensorSpecSchema>;
export type Signature = z.input<typeof SignatureSchema>;
export type ModelArtifact = z.input<typeof ModelArtifactSchema>;
export type RegisteredModel = z.input<typeof RegisteredModelSchema>;
export type ModelList = z.input<typeof ModelListSchema>;
export type CreateModelRequest = z.infer<typeof CreateModelRequestSchema>;
export type UpdateModelRequest = z.infer<typeof UpdateModelRequestSchema>;
export type ListModelsQuery = z.infer<typeof ListModelsQuerySchema>;
export type Lineage = z.input<typeof LineageSchema>;
export type LineageFeature = z.input<typeof LineageFeatureSchema>;
export type ModelVersion = z.input<typeof ModelVersionSchema>;
export type CreateVersionRequest = z.infer<typeof CreateVersionRequestSchema>;
export type UpdateVersionRequest = z.infer<typeof UpdateVersionRequestSchema>;
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>;
export type SetAliasRequest = z.infer<typeof SetAliasRequestSchema>;
export type StageEvent = z.input<typeof StageEventSchema>;
export type Comparison = z.input<typeof CompareSchema>;
export type VersionLineage = z.input<typeof VersionLineageSchema>;
export type FeatureModels = z.input<typeof FeatureModelsSchema>;
