/**
 * The job service as the app builds it: the local executor always; the Kubernetes executor when a queue
 * uses it (kubeconfig from the standard places), unless the caller passes its own.
 */
import type { Config } from '../config';
import type { Logger } from '../platform/logging';
import type { DocumentStore } from '../platform/store/port';
import type { ExecutorKind, JobExecutor } from './executor';
import { JobLayout } from './layout';
import { KubernetesExecutor } from './kubernetes/executor';
import { LocalExecutor } from './local/local-executor';
import type { JobNeighbours } from './neighbours';
import { JobService } from './service';

export type JobExecutors = Partial<Record<ExecutorKind, JobExecutor>>;

export interface JobServiceSetup {
  config: Config;
  store: DocumentStore;
  logger: Logger;
  /** What jobs ask of tracking, tokens, the feature store and the registry (neighbours.ts). */
  neighbours: JobNeighbours;
  /** Executors to use instead of (local) or beside (kubernetes) the defaults. */
  executors?: JobExecutors;
}

export function createJobService({ config, store, logger, neighbours, executors = {} }: JobServiceSetup): JobService {
  const local = executors.local ?? new LocalExecutor({ layout: new JobLayout(config.dataDir), logger, isolation: config.jobIsolation });
  const usesKubernetes = config.jobQueues.some((queue) => queue.executor === 'kubernetes');
  const kubernetes =
    executors.kubernetes ??
    (usesKubernetes
      ? new KubernetesExecutor({ namespace: config.kubeNamespace, onProblem: (message) => logger.warn(`kubernetes executor: ${message}`) })
      : undefined);
  return new JobService({
    store,
    dataDir: config.dataDir,
    queues: config.jobQueues,
    jobUrl: config.jobUrl,
    executors: { ...executors, local, ...(kubernetes ? { kubernetes } : {}) },
    neighbours,
    logger,
    retentionDays: config.jobRetentionDays
  });
}
