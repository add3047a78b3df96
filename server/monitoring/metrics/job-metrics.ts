/**
 * Jobs by state and the queues' lengths and GPUs in use, read from the job service when /metrics
 * is scraped: gauges of what is, never counters kept beside the jobs' own records.
 */
import { Gauge, type Registry } from 'prom-client';
import { registeredOnce } from '../../platform/metrics';
import type { MonitoringNeighbours } from '../neighbours';

export const JOBS_BY_STATE = 'mlportal_jobs';
export const JOB_QUEUE_LENGTH = 'mlportal_job_queue_length';
export const JOB_QUEUE_GPUS_IN_USE = 'mlportal_job_queue_gpus_in_use';

/** `jobs` is read at each scrape. */
export function registerJobMetrics(registry: Registry, jobs: Pick<MonitoringNeighbours, 'jobCountsByState' | 'jobQueues'>): void {
  registeredOnce(
    registry,
    JOBS_BY_STATE,
    () =>
      new Gauge({
        name: JOBS_BY_STATE,
        help: 'Jobs in each state (queued, running, succeeded, failed, cancelled)',
        labelNames: ['state'],
        registers: [registry],
        async collect() {
          const counts = await jobs.jobCountsByState();
          for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
        }
      })
  );
  registeredOnce(
    registry,
    JOB_QUEUE_LENGTH,
    () =>
      new Gauge({
        name: JOB_QUEUE_LENGTH,
        help: 'Jobs waiting in each queue (queued, not yet running)',
        labelNames: ['queue'],
        registers: [registry],
        async collect() {
          for (const queue of await jobs.jobQueues()) this.set({ queue: queue.name }, queue.queued);
        }
      })
  );
  registeredOnce(
    registry,
    JOB_QUEUE_GPUS_IN_USE,
    () =>
      new Gauge({
        name: JOB_QUEUE_GPUS_IN_USE,
        help: "GPUs held by each queue's running jobs",
        labelNames: ['queue'],
        registers: [registry],
        async collect() {
          for (const queue of await jobs.jobQueues()) this.set({ queue: queue.name }, queue.gpusInUse);
        }
      })
  );
}
