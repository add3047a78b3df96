/**
 * Job queues as configured (MLPORTAL_JOB_QUEUES): the schema config.ts validates the variable with,
 * and the defaults when it is unset. Kept free of other domain code so config.ts can import it.
 */
import { EXECUTOR_KINDS, QUEUE_NAME_PATTERN } from '@mlportal/contract';
import { z } from 'zod';
import { kubeconfigPresent } from '../platform/kubernetes/kubeconfig-present';

export const QueueConfigSchema = z
  .strictObject({
    name: z
      .string()
      .regex(QUEUE_NAME_PATTERN, 'a queue name is 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit'),
    executor: z.enum(EXECUTOR_KINDS, { error: `must be one of ${EXECUTOR_KINDS.join(', ')}` }),
    team: z.string().min(1).max(128).optional().meta({ description: 'The team whose GPU quota the queue draws on' }),
    gpuQuota: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .meta({ description: 'GPUs the queue’s jobs (or its team’s) may hold at once' }),
    maxConcurrent: z.number().int().min(1).max(100_000).optional().meta({ description: 'Jobs of the queue running at once' })
  })
  .meta({ id: 'QueueConfig' });

export const QueueConfigListSchema = z
  .array(QueueConfigSchema)
  .min(1, 'must list at least one queue')
  .refine((queues) => new Set(queues.map((q) => q.name)).size === queues.length, 'queue names must be unique');

export type QueueConfig = z.infer<typeof QueueConfigSchema>;

/**
 * Parses MLPORTAL_JOB_QUEUES' JSON text. Each problem's message names the queue and field itself
 * ("[1].executor: ..."), because the settings loader reports problems by variable only.
 */
export const QueueConfigJsonSchema = z.string().transform((text, ctx): QueueConfig[] => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a JSON array of queues, e.g. [{"name":"default","executor":"local"}] (${(err as Error).message})`
    });
    return z.NEVER;
  }
  const parsed = QueueConfigListSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    const unknown = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    ctx.addIssue({ code: 'custom', message: `${where ? `${where}: ` : ''}${issue.message}${unknown}` });
  }
  return z.NEVER;
});

/**
 * Without MLPORTAL_JOB_QUEUES: one local queue, and a Kubernetes "gpu" queue when a cluster is
 * configured (KUBECONFIG, or the service-account environment of a pod running in a cluster).
 */
export function defaultQueues(env: NodeJS.ProcessEnv): QueueConfig[] {
  const queues: QueueConfig[] = [{ name: 'default', executor: 'local' }];
  if (kubeconfigPresent(env)) queues.push({ name: 'gpu', executor: 'kubernetes' });
  return queues;
}
