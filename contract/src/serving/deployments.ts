/**
 * Serving's HTTP contract: deployments, their gate, traffic, events and statistics, as
 * zod schemas. They validate requests, check answers and become the OpenAPI entries; the engine,
 * the SDK, the wizard and monitoring import the TypeScript types from here.
 */
import { z } from 'zod';
import { ModelNameSchema } from '../registry';

export const DEPLOYMENT_NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const MAX_TRAFFIC_ENTRIES = 2;

const timestamp = z.iso.datetime({ offset: true });
const revision = z.number().int().positive().meta({ description: 'The revision you read; a stale one is refused with 409 stale_revision' });
const versionNumber = z.number().int().positive();

export const DeploymentNameSchema = z
  .string()
  .regex(
    DEPLOYMENT_NAME_PATTERN,
    'a deployment name is a DNS label: lower case letters, digits and -, starting with a letter, at most 63 characters'
  )
  .meta({ id: 'DeploymentName' });

export const VersionRefSchema = z.strictObject({ model: ModelNameSchema, version: versionNumber }).meta({ id: 'VersionRef' });

export const TrafficEntrySchema = z
  .strictObject({ model: ModelNameSchema, version: versionNumber, percent: z.number().int().min(1).max(100) })
  .meta({ id: 'TrafficEntry' });

export const BatchingSchema = z
  .strictObject({
    maxBatchSize: z.number().int().min(1).max(1024).default(32),
    maxQueueDelayMs: z.number().int().min(0).max(1000).default(2)
  })
  .meta({ id: 'Batching', description: 'Dynamic batching per version: the largest batch and how long a request may wait for others' });

export const ReplicasSchema = z
  .strictObject({
    min: z.number().int().min(1).max(100).default(1),
    max: z.number().int().min(1).max(100).default(1),
    targetCpuPercent: z.number().int().min(10).max(100).default(70)
  })
  .refine((replicas) => replicas.min <= replicas.max, 'replicas.min must not exceed replicas.max')
  .meta({ id: 'Replicas', description: 'Kubernetes replicas and the CPU utilisation the autoscaler aims at' });

export const TargetSchema = z.enum(['local', 'kubernetes']).meta({ id: 'DeploymentTarget' });

export const GateRuleSchema = z
  .strictObject({ metric: z.string().min(1).max(250), op: z.enum(['>=', '<=']), value: z.number() })
  .meta({ id: 'GateRule', description: "A threshold on one of the version's registered metrics" });

export const GateRequestSchema = z
  .strictObject({
    thresholds: z.array(GateRuleSchema).max(100).default([]),
    compareToProduction: z
      .boolean()
      .default(true)
      .meta({ description: "The candidate must not be worse than the model's production version on every metric named in thresholds" })
  })
  .meta({ id: 'GateRequest' });

export const GateCheckSchema = z
  .object({
    metric: z.string(),
    kind: z.enum(['threshold', 'production']),
    expected: z.string().meta({ description: 'e.g. ">= 0.80" or ">= 0.83 (v3 in production)"' }),
    actual: z.number().nullable(),
    passed: z.boolean()
  })
  .meta({ id: 'GateCheck' });

export const GateResultSchema = z
  .object({
    passed: z.boolean(),
    checks: z.array(GateCheckSchema),
    overriddenBy: z.string().optional(),
    overrideReason: z.string().optional(),
    checkedAt: timestamp
  })
  .meta({ id: 'GateResult' });

export const KpiSchema = z
  .strictObject({
    label: z.string().min(1).max(200).meta({ description: 'e.g. "share of flights predicted late"' }),
    output: z.string().min(1).max(250).meta({ description: 'The output tensor whose first value per row is compared' }),
    op: z.enum(['>', '>=', '<', '<=', '==']),
    value: z.number()
  })
  .meta({ id: 'Kpi', description: 'The business outcome: a prediction counts when output[row][0] op value' });

export const DeploymentSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    traffic: z.array(TrafficEntrySchema),
    shadow: VersionRefSchema.nullable(),
    batching: z.object({ maxBatchSize: z.number().int(), maxQueueDelayMs: z.number().int() }),
    replicas: z.object({ min: z.number().int(), max: z.number().int(), targetCpuPercent: z.number().int() }),
    target: TargetSchema,
    gate: GateResultSchema,
    kpi: KpiSchema.nullable(),
    state: z.enum(['ready', 'loading', 'failed']),
    reason: z.string().optional(),
    createdAt: timestamp,
    createdBy: z.string(),
    updatedAt: timestamp,
    revision: z.number().int()
  })
  .meta({ id: 'Deployment' });

export const TrafficStateSchema = z
  .object({ traffic: z.array(TrafficEntrySchema), shadow: VersionRefSchema.nullable() })
  .meta({ id: 'TrafficState' });

export const DeploymentEventSchema = z
  .object({
    deployment: z.string(),
    type: z.enum(['created', 'updated', 'rollout', 'rollback', 'deleted', 'applied']),
    at: timestamp,
    by: z.string(),
    from: TrafficStateSchema.optional(),
    to: TrafficStateSchema.optional(),
    gate: GateResultSchema.optional(),
    note: z.string().optional()
  })
  .meta({ id: 'DeploymentEvent' });

export const VersionStatsSchema = z
  .object({
    model: z.string(),
    version: z.number().int(),
    role: z.enum(['primary', 'canary', 'shadow']),
    percent: z.number(),
    requests: z.number().int(),
    errors: z.number().int(),
    ratePerSecond: z.number().meta({ description: 'Over the last 60 s' }),
    p50Ms: z.number().nullable(),
    p99Ms: z.number().nullable()
  })
  .meta({ id: 'VersionStats' });

export const DeploymentStatsSchema = z
  .object({ deployment: z.string(), versions: z.array(VersionStatsSchema), windowSeconds: z.literal(60) })
  .meta({ id: 'DeploymentStats' });

export const DeploymentWithStatsSchema = DeploymentSchema.extend({ stats: DeploymentStatsSchema }).meta({ id: 'DeploymentWithStats' });
export const DeploymentListSchema = z.object({ deployments: z.array(DeploymentWithStatsSchema) }).meta({ id: 'DeploymentList' });
export const DeploymentEventListSchema = z.object({ events: z.array(DeploymentEventSchema) }).meta({ id: 'DeploymentEventList' });

// ---------------------------------------------------------------- requests

const override = z
  .strictObject({ reason: z.string().min(1).max(1000) })
  .meta({ description: 'Deploy although the gate failed (needs deployments:override-gate); the reason is recorded' });

export const GateCheckRequestSchema = z
  .strictObject({
    model: ModelNameSchema,
    version: versionNumber,
    thresholds: z.array(GateRuleSchema).max(100).default([]),
    compareToProduction: z.boolean().default(true)
  })
  .meta({ id: 'GateCheckRequest' });

export const CreateDeploymentRequestSchema = z
  .strictObject({
    name: DeploymentNameSchema,
    description: z.string().max(5000).optional(),
    model: ModelNameSchema,
    version: versionNumber,
    gate: GateRequestSchema.optional(),
    override: override.optional(),
    batching: BatchingSchema.optional(),
    replicas: ReplicasSchema.optional(),
    target: TargetSchema.optional(),
    shadow: VersionRefSchema.nullable().optional(),
    canary: z.strictObject({ model: ModelNameSchema, version: versionNumber, percent: z.number().int().min(1).max(99) }).optional(),
    kpi: KpiSchema.nullable().optional(),
    dryRun: z.boolean().optional().meta({ description: 'Answer what would be created (200) and store nothing' })
  })
  .meta({ id: 'CreateDeploymentRequest' });

export const UpdateDeploymentRequestSchema = z
  .strictObject({
    revision,
    description: z.string().max(5000).optional(),
    batching: BatchingSchema.optional(),
    replicas: ReplicasSchema.optional(),
    shadow: VersionRefSchema.nullable().optional(),
    kpi: KpiSchema.nullable().optional(),
    target: TargetSchema.optional()
  })
  .meta({ id: 'UpdateDeploymentRequest' });

export const RolloutRequestSchema = z
  .strictObject({
    revision,
    model: ModelNameSchema,
    version: versionNumber,
    percent: z.number().int().min(1).max(100).meta({ description: 'Below 100: the canary beside the champion; 100: the only version' }),
    gate: GateRequestSchema.optional(),
    override: override.optional(),
    dryRun: z.boolean().optional()
  })
  .meta({ id: 'RolloutRequest' });

export const RollbackRequestSchema = z.strictObject({ revision }).meta({ id: 'RollbackRequest' });

export const ChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() }).meta({ id: 'DeploymentChange' });

export const DryRunResultSchema = z
  .object({ deployment: DeploymentSchema, changes: z.array(ChangeSchema), gate: GateResultSchema })
  .meta({ id: 'DeploymentDryRun', description: 'What would be stored; nothing was' });

export const DeploymentParamsSchema = z.strictObject({ name: DeploymentNameSchema });
export const DeleteDeploymentQuerySchema = z.strictObject({
  revision: z.coerce.number().int().positive().meta({ description: 'The revision you read' })
});

export type VersionRef = z.infer<typeof VersionRefSchema>;
export type TrafficEntry = z.infer<typeof TrafficEntrySchema>;
export type Batching = z.output<typeof BatchingSchema>;
export type Replicas = z.output<typeof ReplicasSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type GateRule = z.infer<typeof GateRuleSchema>;
export type GateRequest = z.output<typeof GateRequestSchema>;
export type GateCheck = z.infer<typeof GateCheckSchema>;
export type GateResult = z.infer<typeof GateResultSchema>;
export type Kpi = z.infer<typeof KpiSchema>;
export type Deployment = z.infer<typeof DeploymentSchema>;
export type TrafficState = z.infer<typeof TrafficStateSchema>;
export type DeploymentEvent = z.infer<typeof DeploymentEventSchema>;
export type VersionStats = z.infer<typeof VersionStatsSchema>;
export type DeploymentStats = z.infer<typeof DeploymentStatsSchema>;
export type DeploymentWithStats = z.infer<typeof DeploymentWithStatsSchema>;
export type GateCheckRequest = z.output<typeof GateCheckRequestSchema>;
export type CreateDeploymentRequest = z.output<typeof CreateDeploymentRequestSchema>;
export type UpdateDeploymentRequest = z.output<typeof UpdateDeploymentRequestSchema>;
export type RolloutRequest = z.output<typeof RolloutRequestSchema>;
export type Change = z.infer<typeof ChangeSchema>;
export type DryRunResult = z.infer<typeof DryRunResultSchema>;
/** The part a version plays in a deployment's traffic. */
export type ServingRole = VersionStats['role'];
