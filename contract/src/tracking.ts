/**
 * Experiment tracking's HTTP contract (/api/v1/experiments, /api/v1/runs): every request and
 * response shape as zod schemas. They validate requests, check answers and generate the OpenAPI
 * entries; the SDK and the MLflow-compatible layer are written against them, so change them only
 * compatibly (new optional fields).
 *
 * Conventions: timestamps are ISO-8601 strings in UTC; metric/param/tag keys follow MLflow's rule
 * (keys.ts); metric values are finite numbers; param values are strings (numbers and booleans sent
 * here are stringified); a run id is 32 lowercase hex digits.
 */
import { z } from 'zod';

/** Metric, param and tag keys follow MLflow's rule. */
export const KEY_PATTERN = /^[A-Za-z0-9_.\-/ ]{1,250}$/;
export const KEY_RULE = 'letters, digits, _ . - / and spaces, 1 to 250 characters';

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['FINISHED', 'FAILED', 'KILLED']);
export const LIFECYCLE_STAGES = ['active', 'deleted'] as const;
export const ORIGIN_SOURCES = ['sdk', 'mlflow', 'notebook', 'job'] as const;
export const RUN_ID_PATTERN = /^[0-9a-f]{32}$/;
export const DEFAULT_EXPERIMENT_ID = '0';

/** Bounds on what one request may carry (the body limit applies as well). */
export const TRACKING_LIMITS = {
  experimentName: 256,
  description: 10_000,
  runName: 256,
  paramValue: 6000,
  tagValue: 8000,
  paramsPerCall: 100,
  metricsPerCall: 1000,
  tagsPerCall: 100,
  originField: 1024,
  filterChars: 10_000,
  orderByKeys: 10,
  maxResults: 1000,
  defaultMaxResults: 100,
  artifactPath: 512
} as const;

const timestamp = z.iso.datetime({ offset: true });
const revision = z.number().int().positive().meta({ description: 'The revision you read; a stale one is refused with 409 stale_revision' });
const key = z.string().regex(KEY_PATTERN, `a key must be ${KEY_RULE}`);
const tags = z
  .record(key, z.string().max(TRACKING_LIMITS.tagValue, `a tag value must be at most ${TRACKING_LIMITS.tagValue} characters`))
  .refine((t) => Object.keys(t).length <= TRACKING_LIMITS.tagsPerCall, `at most ${TRACKING_LIMITS.tagsPerCall} tags`)
  .meta({ description: 'Key → value' });
const experimentName = z
  .string()
  .trim()
  .min(1, 'an experiment name must not be empty')
  .max(TRACKING_LIMITS.experimentName, `an experiment name must be at most ${TRACKING_LIMITS.experimentName} characters`);
const description = z.string().max(TRACKING_LIMITS.description, `must be at most ${TRACKING_LIMITS.description} characters`);
const pageToken = z.string().min(1).max(1000).meta({ description: 'The nextPageToken of the previous page' });
const maxResults = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .optional()
    .meta({ description: `Default ${fallback}, at most ${max}` });

export const RunStatusSchema = z.enum(RUN_STATUSES).meta({ id: 'RunStatus' });
export const LifecycleStageSchema = z.enum(LIFECYCLE_STAGES).meta({ id: 'TrackingLifecycleStage' });
export const RunIdSchema = z.string().regex(RUN_ID_PATTERN, 'a run id is 32 lowercase hex digits').meta({ id: 'RunId' });
export const ExperimentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .meta({ id: 'ExperimentId', description: 'Digits, like MLflow\'s; "0" is the default experiment' });

// ---------------------------------------------------------------- experiments

export const ExperimentSchema = z
  .object({
    id: ExperimentIdSchema,
    name: z.string(),
    description: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    lifecycleStage: LifecycleStageSchema,
    artifactLocation: z.string().meta({ description: '"mlportal-artifacts:/experiments/<id>"' }),
    createdAt: timestamp,
    updatedAt: timestamp,
    createdBy: z.string(),
    revision: z.number().int()
  })
  .meta({ id: 'Experiment' });

export const CreateExperimentRequestSchema = z
  .strictObject({ name: experimentName, description: description.optional(), tags: tags.optional() })
  .meta({ id: 'CreateExperimentRequest' });

export const UpdateExperimentRequestSchema = z
  .strictObject({
    expectedRevision: revision,
    name: experimentName.optional(),
    description: description.optional(),
    tags: tags.optional().meta({ description: 'Set or replace these tags (others stay)' })
  })
  .meta({ id: 'UpdateExperimentRequest' });

export const ExperimentParamsSchema = z.strictObject({ experimentId: ExperimentIdSchema });

export const ListExperimentsQuerySchema = z.strictObject({
  name: z.string().min(1).max(TRACKING_LIMITS.experimentName).optional().meta({ description: 'Exactly this name' }),
  search: z.string().min(1).max(TRACKING_LIMITS.experimentName).optional().meta({ description: 'Names containing this, ignoring case' }),
  maxResults: maxResults(TRACKING_LIMITS.maxResults, TRACKING_LIMITS.defaultMaxResults),
  pageToken: pageToken.optional()
});

export const ExperimentListSchema = z
  .object({ experiments: z.array(ExperimentSchema), nextPageToken: z.string().optional() })
  .meta({ id: 'ExperimentList' });

// ---------------------------------------------------------------- runs

const originText = z.string().min(1).max(TRACKING_LIMITS.originField);
export const RunOriginSchema = z
  .strictObject({
    notebookPath: originText.optional(),
    cellId: originText.optional(),
    kernel: originText.optional(),
    gitCommit: originText.optional(),
    trainingSetId: originText.optional(),
    jobId: originText.optional(),
    source: z.enum(ORIGIN_SOURCES).optional()
  })
  .meta({ id: 'RunOrigin', description: 'Where the run came from' });

export const MetricValueSchema = z
  .object({ value: z.number(), step: z.number().int(), timestamp })
  .meta({ id: 'RunMetricValue', description: 'The latest value of a metric: highest step, then latest timestamp' });

export const RunSchema = z
  .object({
    id: RunIdSchema,
    experimentId: ExperimentIdSchema,
    name: z.string(),
    status: RunStatusSchema,
    startTime: timestamp,
    endTime: timestamp.optional(),
    createdBy: z.string(),
    lifecycleStage: LifecycleStageSchema,
    params: z.record(z.string(), z.string()),
    metrics: z.record(z.string(), MetricValueSchema),
    tags: z.record(z.string(), z.string()),
    origin: RunOriginSchema,
    artifactUri: z.string().meta({ description: '"mlportal-artifacts:/runs/<id>"' })
  })
  .meta({ id: 'Run' });

export const CreateRunRequestSchema = z
  .strictObject({
    experimentId: ExperimentIdSchema.optional().meta({ description: 'Default "0", the default experiment' }),
    name: z.string().trim().min(1).max(TRACKING_LIMITS.runName).optional().meta({ description: 'Generated when absent' }),
    tags: tags.optional(),
    origin: RunOriginSchema.optional(),
    startTime: timestamp.optional().meta({ description: 'Default now' })
  })
  .meta({ id: 'CreateRunRequest' });

export const UpdateRunRequestSchema = z
  .strictObject({
    status: RunStatusSchema.optional(),
    endTime: timestamp.optional().meta({ description: 'Default now when the status becomes FINISHED, FAILED or KILLED' }),
    name: z.string().trim().min(1).max(TRACKING_LIMITS.runName).optional(),
    origin: RunOriginSchema.optional().meta({ description: 'Merged into the stored origin' })
  })
  .meta({
    id: 'UpdateRunRequest',
    description: 'No revision: runs are logged to concurrently, and the status moves freely (as in MLflow)'
  });

export const LoggedMetricSchema = z
  .strictObject({
    key,
    value: z.number().meta({ description: 'A finite number' }),
    step: z.number().int().min(0).optional().meta({ description: 'Default 0' }),
    timestamp: timestamp.optional().meta({ description: 'Default now' })
  })
  .meta({ id: 'LoggedMetric' });

export const LogRunRequestSchema = z
  .strictObject({
    params: z
      .record(key, z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .meta({
        description: `Key → value (numbers and booleans are stored as strings); at most ${TRACKING_LIMITS.paramsPerCall}. A param never changes: another value → 409`
      }),
    metrics: z
      .array(LoggedMetricSchema)
      .max(TRACKING_LIMITS.metricsPerCall, `at most ${TRACKING_LIMITS.metricsPerCall} metrics per call`)
      .optional(),
    tags: tags.optional()
  })
  .meta({ id: 'LogRunRequest', description: 'All or nothing: everything is checked before anything is written' });

export const RunParamsSchema = z.strictObject({ runId: RunIdSchema });
export const MetricParamsSchema = z.strictObject({ runId: RunIdSchema, key });

export const MetricPointSchema = z.object({ value: z.number(), step: z.number().int(), timestamp }).meta({ id: 'MetricPoint' });
export const MetricHistorySchema = z.object({ key: z.string(), history: z.array(MetricPointSchema) }).meta({ id: 'MetricHistory' });

export const SearchRunsRequestSchema = z
  .strictObject({
    experimentIds: z.array(ExperimentIdSchema).max(100).optional().meta({ description: 'Default: every experiment' }),
    filter: z
      .string()
      .max(TRACKING_LIMITS.filterChars)
      .optional()
      .meta({ description: "MLflow's filter grammar, e.g. metrics.auc > 0.8 and params.lr = '0.01'" }),
    orderBy: z
      .array(z.string().min(1).max(600))
      .max(TRACKING_LIMITS.orderByKeys)
      .optional()
      .meta({ description: 'e.g. ["metrics.auc DESC"]; default attributes.start_time DESC. Runs lacking the first key come last' }),
    maxResults: z
      .number()
      .int()
      .min(1)
      .max(TRACKING_LIMITS.maxResults)
      .optional()
      .meta({ description: `Default ${TRACKING_LIMITS.defaultMaxResults}` }),
    pageToken: pageToken.optional()
  })
  .meta({ id: 'SearchRunsRequest' });

export const RunListSchema = z.object({ runs: z.array(RunSchema), nextPageToken: z.string().optional() }).meta({ id: 'RunList' });

// ---------------------------------------------------------------- run artifacts

const artifactPath = z.string().min(1).max(TRACKING_LIMITS.artifactPath).meta({ description: 'Relative, "/"-separated' });
export const ArtifactPathQuerySchema = z.strictObject({ path: artifactPath });
const rowsFlag = z.boolean().optional().meta({ description: 'The file holds data rows: downloading it needs features:read-rows' });
export const ArtifactPutQuerySchema = z.strictObject({
  path: artifactPath,
  rows: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .meta({
      description:
        'true: the file holds data rows (feature values, inputs, predictions), so only roles with features:read-rows may download it'
    })
});
export const ArtifactPrefixQuerySchema = z.strictObject({
  prefix: z.string().max(TRACKING_LIMITS.artifactPath).optional().meta({ description: 'A folder; default the run’s root' })
});

export const StoredRunArtifactSchema = z
  .object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0), rows: rowsFlag })
  .meta({ id: 'StoredRunArtifact' });

export const RunArtifactEntrySchema = z
  .object({ path: z.string(), isDir: z.boolean(), size: z.number().int().min(0).optional(), rows: rowsFlag })
  .meta({ id: 'RunArtifactEntry' });
export const RunArtifactListSchema = z.object({ files: z.array(RunArtifactEntrySchema) }).meta({ id: 'RunArtifactList' });

export type RunStatus = (typeof RUN_STATUSES)[number];
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export type Experiment = z.infer<typeof ExperimentSchema>;
export type CreateExperimentRequest = z.input<typeof CreateExperimentRequestSchema>;
export type UpdateExperimentRequest = z.input<typeof UpdateExperimentRequestSchema>;
export type ListExperimentsQuery = z.input<typeof ListExperimentsQuerySchema>;
export type ExperimentList = z.infer<typeof ExperimentListSchema>;
export type RunOrigin = z.infer<typeof RunOriginSchema>;
export type MetricValue = z.infer<typeof MetricValueSchema>;
export type Run = z.infer<typeof RunSchema>;
export type CreateRunRequest = z.input<typeof CreateRunRequestSchema>;
export type UpdateRunRequest = z.input<typeof UpdateRunRequestSchema>;
export type LoggedMetric = z.input<typeof LoggedMetricSchema>;
export type LogRunRequest = z.input<typeof LogRunRequestSchema>;
export type MetricPoint = z.infer<typeof MetricPointSchema>;
export type MetricHistory = z.infer<typeof MetricHistorySchema>;
export type SearchRunsRequest = z.input<typeof SearchRunsRequestSchema>;
export type RunList = z.infer<typeof RunListSchema>;
export type StoredRunArtifact = z.infer<typeof StoredRunArtifactSchema>;
export type RunArtifactEntry = z.infer<typeof RunArtifactEntrySchema>;
export type RunArtifactList = z.infer<typeof RunArtifactListSchema>;
