/**
 * The service's side of whether a queued job may start: its queue's concurrency limit and its
 * team's GPU quota (the executor's own capacity is the executor's to say). Pure: decided on the
 * running jobs the caller passes in, so one scheduling pass counts the jobs it has just started.
 */
import type { Admission } from './executor';
import type { QueueConfig } from './queue-config';

export interface Holder {
  queue: string;
  team?: string;
  gpus: number;
}

export function queueAdmits(queue: QueueConfig, gpus: number, running: readonly Holder[]): Admission {
  if (queue.maxConcurrent !== undefined) {
    const inQueue = running.filter((job) => job.queue === queue.name).length;
    if (inQueue >= queue.maxConcurrent)
      return { admit: false, wait: `waiting for a slot: queue ${queue.name} runs ${inQueue} of its ${queue.maxConcurrent} jobs at once` };
  }
  if (queue.gpuQuota === undefined || gpus === 0) return { admit: true };
  const owner = queue.team !== undefined ? `team ${queue.team}` : `queue ${queue.name}`;
  if (gpus > queue.gpuQuota) return { admit: false, never: `asks for ${plural(gpus, 'GPU')} but ${owner}'s quota is ${queue.gpuQuota}` };
  const holders = running.filter((job) => (queue.team !== undefined ? job.team === queue.team : job.queue === queue.name));
  const inUse = holders.reduce((sum, job) => sum + job.gpus, 0);
  if (inUse + gpus > queue.gpuQuota)
    return { admit: false, wait: `waiting for ${plural(gpus, 'GPU')}: ${owner} uses ${inUse} of its quota ${queue.gpuQuota}` };
  return { admit: true };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
