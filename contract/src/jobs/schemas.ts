/**
 * The jobs HTTP contract (/api/v1/jobs, /api/v1/queues) as zod schemas: they validate requests,
 * check answers and generate the OpenAPI entries; the SDK is written against them, so change them
 * only compatibly (new optional fields).
 */
import { z } from 'zod';
import { imageReferenceProblem } from './image-reference';
import { memoryBytes } from './quantity';
import { EXECUTOR_KINDS, QUEUE_NAME_PATTERN } from './queues';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);
export const JOB_ID_PATTERN = /^job-[0-9a-f]{12}$/;

export const JOB_LIMITS = {
  name: 256,
  commandItems: 256,
  argItems: 1024,
  argChars: 32_768,
  envEntries: 256,
  envValueChars: 32_768,
  minCpu: 0.1,
  maxCpu: 256,
  maxMemoryBytes: 2 * 2 ** 40,
  maxGpus: 16,
  maxTimeoutSeconds: 7 * 24 * 3600,
  defaultTimeoutSeconds: 3600,
  maxRetries: 10,
  inputs: 100,
  maxResults: 1000,
  defaultMaxResults: 100
} as const;

/** Variables the platform sets inside every job; a job may not set them itself. */
export const RESERVED_ENV_PREFIX = 'MLPORTAL_';

const timestamp = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const JobStateSchema = z.enum(JOB_STATES).meta({ id: 'JobState' });
export const ExecutorKindSchema = z.enum(EXECUTOR_KINDS).meta({ id: 'ExecutorKind' });
export const JobIdSchema = z.string().regex(JOB_ID_PATTERN, 'a job id is "job-" and 12 hex digits').meta({ id: 'JobId' });

const image = z.string().superRefine((value, ctx) => {
  const problem = imageReferenceProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const memory = z
  .string()
  .superRefine((value, ctx) => {
    const bytes = memoryBytes(value);
    if (bytes === undefined)
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a memory quantity: write e.g. "512Mi", "4Gi" or a number of bytes` });
    else if (bytes <= 0) ctx.addIssue({ code: 'custom', message: 'must be more than 0 bytes' });
    else if (bytes > JOB_LIMITS.maxMemoryBytes)
      ctx.addIssue({ code: 'custom', message: `"${value}" is more than the 2Ti a job may ask for` });
  })
  .meta({ description: 'A Kubernetes memory quantity, e.g. "4Gi"; at most 2Ti' });

export const JobResourcesSchema = z
  .strictObject({
    cpu: z
      .number()
      .min(JOB_LIMITS.minCpu, `must be at least ${JOB_LIMITS.minCpu} cores`)
      .max(JOB_LIMITS.maxCpu, `must be at most ${JOB_LIMITS.maxCpu} cores`)
      .optional()
      .meta({ description: 'Cores; the local executor counts 1 when absent' }),
    memory: memory.optional(),
    gpus: z
      .number()
      .int('must be a whole number of GPUs')
      .min(0, 'must not be negative')
      .max(JOB_LIMITS.maxGpus, `must be at most ${JOB_LIMITS.maxGpus}`)
      .default(0),
    gpuType: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'a GPU type is a label value such as "nvidia-a100"')
      .optional()
  })
  .meta({ id: 'JobResources' });

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names are checked one by one so each problem names its variable (a record key schema's message is lost). */
const env = z
  .record(z.string(), z.string().max(JOB_LIMITS.envValueChars, `must be at most ${JOB_LIMITS.envValueChars} characters`))
  .superRefine((vars, ctx) => {
    const names = Object.keys(vars);
    if (names.length > JOB_LIMITS.envEntries) ctx.addIssue({ code: 'custom', message: `at most ${JOB_LIMITS.envEntries} variables` });
    for (const name of names) {
      if (!ENV_NAME.test(name))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'an environment variable name is letters, digits and _, not starting with a digit'
        });
      else if (name.startsWith(RESERVED_ENV_PREFIX))
        ctx.addIssue({ code: 'custom', path: [name], message: `variables starting with ${RESERVED_ENV_PREFIX} are set by the platform` });
    }
  })
  .meta({ description: `Name → value; names starting with ${RESERVED_ENV_PREFIX} are the platform's` });

export const JobInputsSchema = z
  .strictObject({
    trainingSets: z.array(z.string().min(1).max(128)).max(JOB_LIMITS.inputs).default([]),
    modelVersions: z
      .array(z.strictObject({ model: z.string().min(1).max(128), version: z.number().int().min(1) }))
      .max(JOB_LIMITS.inputs)
      .default([])
  })
  .meta({ id: 'JobInputs' });

export const JobOutputsSchema = z
  .strictObject({
    rows: z.boolean().default(false).meta({
      description:
        'The output files hold data rows (feature values, inputs, predictions): kept as run artifacts that only roles with features:read-rows may download'
    })
  })
  .meta({ id: 'JobOutputs' });

export const SubmitJobRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'a job needs a name').max(JOB_LIMITS.name),
    image,
    command: z
      .array(z.string().min(1, 'must not be empty').max(JOB_LIMITS.argChars))
      .min(1, 'needs at least the program to run')
      .max(JOB_LIMITS.commandItems),
    args: z.array(text(JOB_LIMITS.argChars)).max(JOB_LIMITS.argItems).optional(),
    env: env.optional(),
    resources: JobResourcesSchema.optional(),
    inputs: JobInputsSchema.optional(),
    outputs: JobOutputsSchema.optional(),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(JOB_LIMITS.maxTimeoutSeconds, 'must be at most 7 days (604800 s)')
      .optional()
      .meta({ description: 'Default 3600' }),
    retries: z.number().int().min(0).max(JOB_LIMITS.maxRetries).optional().meta({ description: 'Default 0' }),
    queue: z
      .string()
      .regex(QUEUE_NAME_PATTERN, 'a queue name is lower-case letters, digits and dashes')
      .optional()
      .meta({ description: 'Default: the first configured queue' }),
    experimentId: z.string().min(1).max(64).optional().meta({ description: 'The experiment of the job’s run; default "0"' })
  })
  .meta({ id: 'SubmitJobRequest' });

export const JobAttemptSchema = z
  .object({
    attempt: z.number().int().min(1),
    startedAt: timestamp,
    finishedAt: timestamp.optional(),
    state: JobStateSchema,
    reason: z.string().optional(),
    exitCode: z.number().int().optional(),
    placement: z.object({ gpus: z.array(z.string()).optional(), node: z.string().optional() }).optional()
  })
  .meta({ id: 'JobAttempt' });

export const JobSchema = z
  .object({
    id: JobIdSchema,
    name: z.string(),
    runId: z.string(),
    experimentId: z.string(),
    queue: z.string(),
    executor: ExecutorKindSchema,
    image: z.string(),
    command: z.array(z.string()),
    args: z.array(z.string()),
    env: z.record(z.string(), z.string()),
    resources: z.object({
      cpu: z.number().optional(),
      memory: z.string().optional(),
      gpus: z.number().int(),
      gpuType: z.string().optional()
    }),
    inputs: z.object({
      trainingSets: z.array(z.string()),
      modelVersions: z.array(z.object({ model: z.string(), version: z.number().int() }))
    }),
    outputs: z.object({ rows: z.boolean() }),
    timeoutSeconds: z.number().int(),
    retries: z.number().int(),
    state: JobStateSchema,
    reason: z.string().optional(),
    waitingReason: z
      .string()
      .optional()
      .meta({ description: 'Why a queued job has not started, e.g. "waiting for 2 GPUs: team vision uses 4 of its quota 4"' }),
    attempts: z.array(JobAttemptSchema),
    createdAt: timestamp,
    startedAt: timestamp.optional(),
    finishedAt: timestamp.optional(),
    createdBy: z.string(),
    revision: z.number().int()
  })
  .meta({ id: 'Job' });

export const JobListSchema = z.object({ jobs: z.array(JobSchema) }).meta({ id: 'JobList' });
export const JobParamsSchema = z.strictObject({ jobId: JobIdSchema });

export const ListJobsQuerySchema = z.strictObject({
  state: JobStateSchema.optional(),
  queue: z.string().max(63).optional(),
  maxResults: z.coerce
    .number()
    .int()
    .min(1)
    .max(JOB_LIMITS.maxResults)
    .optional()
    .meta({ description: `Default ${JOB_LIMITS.defaultMaxResults}` })
});

const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');
export const JobLogsQuerySchema = z.strictObject({
  follow: booleanText.optional().meta({ description: 'Keep the answer open and stream new lines until the job ends' }),
  since: z.coerce.number().int().min(0).optional().meta({ description: 'Byte offset to start from (what was already read)' })
});

export const QueueStatusSchema = z
  .object({
    name: z.string(),
    executor: ExecutorKindSchema,
    team: z.string().optional(),
    gpuQuota: z.number().int().optional(),
    maxConcurrent: z.number().int().optional(),
    running: z.number().int(),
    queued: z.number().int(),
    gpusInUse: z.number().int()
  })
  .meta({ id: 'QueueStatus' });
export const QueueListSchema = z.object({ queues: z.array(QueueStatusSchema) }).meta({ id: 'QueueList' });

export type JobState = (typeof JOB_STATES)[number];
export type SubmitJobRequest = z.input<typeof SubmitJobRequestSchema>;
export type CheckedJobRequest = z.output<typeof SubmitJobRequestSchema>;
export type JobAttempt = z.infer<typeof JobAttemptSchema>;
export type Job = z.infer<typeof JobSchema>;
export type ListJobsQuery = z.output<typeof ListJobsQuerySchema>;
export type QueueStatus = z.infer<typeof QueueStatusSchema>;
