/**
 * Backend settings, read once from the environment and validated before anything starts, so a
 * typo fails fast with a message naming the variable instead of surfacing later as a strange fault.
 * An empty variable counts as unset (shell scripts often export VAR= to mean "nothing").
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isWellFormedToken, TOKEN_FORMAT_HINT } from './auth/token-format';
import { defaultQueues, QueueConfigJsonSchema, type QueueConfig } from './jobs/queue-config';
import { LOG_LEVELS, type LogLevel } from './platform/logging';
import { allowEntryProblem } from './platform/outbound';
import { type Role, ROLES } from '@mlportal/contract';

export type StoreSettings = { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; dbName: string };

export interface Config {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  store: StoreSettings;
  adminToken?: string;
  /** Exact origins (scheme://host[:port]) a browser may call the API from. */
  corsOrigins: string[];
  maxBodyBytes: number;
  /** Largest file upload (feature ingestion, entity files), streamed to disk. */
  maxUploadBytes: number;
  /** Largest ONNX model file the registry accepts (MLPORTAL_MODEL_MAX_BYTES). */
  modelMaxBytes: number;
  /** Job queues (MLPORTAL_JOB_QUEUES, a JSON array); default one local queue, plus "gpu" on Kubernetes when a kubeconfig is found. */
  jobQueues: QueueConfig[];
  /** The backend URL jobs are given (MLPORTAL_JOB_URL); default the URL the backend listens on. Pods cannot reach 127.0.0.1. */
  jobUrl?: string;
  /** Namespace of the Kubernetes executor's Jobs (MLPORTAL_KUBE_NAMESPACE). */
  kubeNamespace: string;
  /** How local jobs are kept from the backend: see jobs/local/isolation. */
  jobIsolation: JobIsolationSettings;
  /** Days a finished job's folders (work, outputs, temp) are kept before they are removed (MLPORTAL_JOB_RETENTION_DAYS); its log stays. */
  jobRetentionDays: number;
  logLevel: LogLevel;
  /** Seconds between evaluations of the alert rules (MLPORTAL_ALERT_INTERVAL_SECONDS); 0: on demand only. */
  alertIntervalSeconds: number;
  /** Internal addresses, ranges or host names outbound calls (webhooks) may reach (MLPORTAL_OUTBOUND_ALLOW); none by default. */
  outboundAllow: string[];
  /** Inference worker threads (MLPORTAL_SERVING_WORKERS); default 2 where the machine has 2 cores or more, else 1. */
  servingWorkers: number;
  /** onnxruntime intra-op threads per session (MLPORTAL_SERVING_THREADS). */
  servingThreads: number;
  /** Largest prediction request body (MLPORTAL_MAX_PREDICT_BYTES); 413 beyond it. */
  maxPredictBytes: number;
  /** MLPORTAL_MODE: 'full' (default) or 'serving', a replica that only answers predictions (health, /v2, JSON predict, /metrics). */
  mode: ServerMode;
  /** The deployments a serving replica loads (MLPORTAL_SERVE_DEPLOYMENTS, comma-separated); required in serving mode. */
  serveDeployments: string[];
  /** The mlportal server image Kubernetes runs for serving replicas and batch-scoring jobs (MLPORTAL_SERVER_IMAGE). */
  serverImage: string;
}

export type ServerMode = 'full' | 'serving';

export interface JobIsolationSettings {
  /** MLPORTAL_JOB_ISOLATION: 'auto' sandboxes when it can, 'sandbox' refuses to start without it, 'none' never sandboxes. */
  mode: 'auto' | 'sandbox' | 'none';
  /** MLPORTAL_JOB_USER: the unprivileged user a root backend runs jobs as (default mlportal-job, else nobody). */
  user?: string;
  /** MLPORTAL_TRUSTED_JOB_ROLES: who may still submit jobs when they cannot be isolated (default admin only). */
  trustedRoles: Role[];
  /** MLPORTAL_JOB_READABLE: more folders a sandboxed job may read (a toolchain in a home folder, which jobs otherwise do not see). */
  readable: string[];
}
const DEPLOYMENT_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** The image of this server version; set MLPORTAL_SERVER_IMAGE for a private registry or a build of your own. */
export const DEFAULT_SERVER_IMAGE = 'ghcr.io/mlportal/server:0.1.0';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid mlportal settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_MAX_BODY_BYTES = 1024 * 1024 * 1024;
const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
const MAX_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024 * 1024;
const DEFAULT_MODEL_MAX_BYTES = 512 * 1024 * 1024;
// onnxruntime and protobuf decoding hold a model whole in memory, and protobuf caps a message at 2 GiB.
const MAX_MODEL_MAX_BYTES = 2 * 1024 * 1024 * 1024 - 1;
const DEFAULT_MAX_PREDICT_BYTES = 16 * 1024 * 1024;

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}, a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${what}, a whole number from ${min} to ${max}`);

/** A comma-separated list (blank items dropped), each item checked by `items`. */
const commaList = <T extends z.ZodType<unknown[], string[]>>(items: T) =>
  z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    )
    .pipe(items);

const origin = z.string().superRefine((value, ctx) => {
  if (value === '*' || value.includes('*')) {
    ctx.addIssue({ code: 'custom', message: `"${value}": wildcards are not allowed; list each origin exactly` });
    return;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    // reported below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== value) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not an exact origin: write scheme://host[:port] in lower case, with no path or trailing slash (e.g. http://localhost:8888)`
    });
  }
});

const outboundAllowEntry = z.string().superRefine((entry, ctx) => {
  const problem = allowEntryProblem(entry);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; list IP addresses, CIDR ranges or host names, comma-separated` });
});

const envSchema = z.object({
  MLPORTAL_PORT: wholeNumber('a TCP port (0 picks a free one)', 0, 65535).default(8765),
  MLPORTAL_HOST: z.string().regex(/^\S+$/, 'must be a host name or IP address without spaces').default('127.0.0.1'),
  MLPORTAL_DATA_DIR: z.string().default('.mlportal'),
  MLPORTAL_MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a MongoDB connection string starting with mongodb:// or mongodb+srv://')
    .optional(),
  MLPORTAL_MONGO_DB: z
    .string()
    .regex(/^[^/\\. "$*<>:|?]{1,63}$/, 'must be a MongoDB database name: 1 to 63 characters, none of / \\ . " $ * < > : | ? or space')
    .default('mlportal'),
  MLPORTAL_ADMIN_TOKEN: z.string().refine(isWellFormedToken, `must look like ${TOKEN_FORMAT_HINT}`).optional(),
  MLPORTAL_CORS_ORIGINS: commaList(z.array(origin)).default([]),
  MLPORTAL_MAX_BODY_BYTES: wholeNumber('a size in bytes', 1, MAX_MAX_BODY_BYTES).default(DEFAULT_MAX_BODY_BYTES),
  MLPORTAL_MAX_UPLOAD_BYTES: wholeNumber('a size in bytes', 1, MAX_MAX_UPLOAD_BYTES).default(DEFAULT_MAX_UPLOAD_BYTES),
  MLPORTAL_MODEL_MAX_BYTES: wholeNumber('a size in bytes', 1, MAX_MODEL_MAX_BYTES).default(DEFAULT_MODEL_MAX_BYTES),
  MLPORTAL_JOB_QUEUES: QueueConfigJsonSchema.optional(),
  MLPORTAL_JOB_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL the jobs can reach the backend at' })
    .optional(),
  MLPORTAL_KUBE_NAMESPACE: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      'must be a Kubernetes namespace name: lower-case letters, digits and -, at most 63 characters'
    )
    .default('mlportal'),
  MLPORTAL_JOB_ISOLATION: z.enum(['auto', 'sandbox', 'none'], { error: 'must be auto, sandbox or none' }).default('auto'),
  MLPORTAL_JOB_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a local user name')
    .optional(),
  MLPORTAL_TRUSTED_JOB_ROLES: commaList(
    z.array(z.enum(ROLES, { error: `must be roles, comma-separated, from ${ROLES.join(', ')}` }))
  ).default(['admin']),
  MLPORTAL_JOB_READABLE: commaList(
    z.array(z.string().refine((dir) => path.isAbsolute(dir), 'must be absolute paths, comma-separated'))
  ).default([]),
  MLPORTAL_JOB_RETENTION_DAYS: wholeNumber('a number of days finished jobs keep their folders', 0, 3650).default(7),
  MLPORTAL_SERVING_WORKERS: wholeNumber('a number of inference worker threads', 1, 256).optional(),
  MLPORTAL_SERVING_THREADS: wholeNumber('a number of intra-op threads per model session', 1, 256).default(1),
  MLPORTAL_MAX_PREDICT_BYTES: wholeNumber('a size in bytes', 1, MAX_MAX_BODY_BYTES).default(DEFAULT_MAX_PREDICT_BYTES),
  MLPORTAL_MODE: z.enum(['full', 'serving'], { error: 'must be full or serving' }).default('full'),
  MLPORTAL_SERVE_DEPLOYMENTS: commaList(
    z.array(
      z
        .string()
        .regex(DEPLOYMENT_NAME, 'must be deployment names (lower-case letters, digits and -, starting with a letter), comma-separated')
    )
  ).default([]),
  MLPORTAL_SERVER_IMAGE: z.string().regex(/^\S+$/, 'must be a container image reference without spaces').default(DEFAULT_SERVER_IMAGE),
  MLPORTAL_ALERT_INTERVAL_SECONDS: wholeNumber('a number of seconds between alert evaluations (0 turns the timer off)', 0, 86_400).default(
    60
  ),
  MLPORTAL_OUTBOUND_ALLOW: commaList(z.array(outboundAllowEntry)).default([]),
  MLPORTAL_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')
});

type EnvKey = keyof typeof envSchema.shape;

/** Never echoed in an error: a connection string may carry a password. */
const SECRET_VARIABLES = new Set<string>(['MLPORTAL_ADMIN_TOKEN', 'MLPORTAL_MONGO_URL']);

/** Reads the settings from `env`; relative paths resolve against `cwd`. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const relevant: Partial<Record<EnvKey, string>> = {};
  for (const key of Object.keys(envSchema.shape) as EnvKey[]) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') relevant[key] = value.trim();
  }
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        const echoValue = issue.path.length === 1 && !SECRET_VARIABLES.has(variable);
        const shown = echoValue ? ` (got "${relevant[variable as EnvKey]}")` : '';
        return `${variable}: ${issue.message}${shown}`;
      })
    );
  }
  const settings = parsed.data;
  if (settings.MLPORTAL_MODE === 'serving' && settings.MLPORTAL_SERVE_DEPLOYMENTS.length === 0) {
    throw new ConfigError([
      'MLPORTAL_SERVE_DEPLOYMENTS: a serving replica (MLPORTAL_MODE=serving) needs the names of the deployments it serves'
    ]);
  }
  const dataDir = path.resolve(cwd, settings.MLPORTAL_DATA_DIR);
  return {
    port: settings.MLPORTAL_PORT,
    host: settings.MLPORTAL_HOST,
    dataDir,
    store: settings.MLPORTAL_MONGO_URL
      ? { kind: 'mongodb', url: settings.MLPORTAL_MONGO_URL, dbName: settings.MLPORTAL_MONGO_DB }
      : { kind: 'sqlite', path: path.join(dataDir, 'mlportal.sqlite') },
    adminToken: settings.MLPORTAL_ADMIN_TOKEN,
    corsOrigins: settings.MLPORTAL_CORS_ORIGINS,
    maxBodyBytes: settings.MLPORTAL_MAX_BODY_BYTES,
    maxUploadBytes: settings.MLPORTAL_MAX_UPLOAD_BYTES,
    modelMaxBytes: settings.MLPORTAL_MODEL_MAX_BYTES,
    jobQueues: settings.MLPORTAL_JOB_QUEUES ?? defaultQueues(env),
    jobUrl: settings.MLPORTAL_JOB_URL,
    kubeNamespace: settings.MLPORTAL_KUBE_NAMESPACE,
    jobIsolation: {
      mode: settings.MLPORTAL_JOB_ISOLATION,
      ...(settings.MLPORTAL_JOB_USER ? { user: settings.MLPORTAL_JOB_USER } : {}),
      trustedRoles: settings.MLPORTAL_TRUSTED_JOB_ROLES,
      readable: settings.MLPORTAL_JOB_READABLE
    },
    jobRetentionDays: settings.MLPORTAL_JOB_RETENTION_DAYS,
    logLevel: settings.MLPORTAL_LOG_LEVEL,
    alertIntervalSeconds: settings.MLPORTAL_ALERT_INTERVAL_SECONDS,
    outboundAllow: settings.MLPORTAL_OUTBOUND_ALLOW,
    servingWorkers: settings.MLPORTAL_SERVING_WORKERS ?? (os.availableParallelism() >= 2 ? 2 : 1),
    servingThreads: settings.MLPORTAL_SERVING_THREADS,
    maxPredictBytes: settings.MLPORTAL_MAX_PREDICT_BYTES,
    mode: settings.MLPORTAL_MODE,
    serveDeployments: settings.MLPORTAL_SERVE_DEPLOYMENTS,
    serverImage: settings.MLPORTAL_SERVER_IMAGE
  };
}
