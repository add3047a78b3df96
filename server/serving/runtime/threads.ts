/**
 * How many workers and how many onnxruntime intra-op threads each: together they should not ask
 * for more cores than the machine has, or the threads fight over them and latency climbs.
 */
import os from 'node:os';

export interface ThreadPlan {
  workers: number;
  intraOpThreads: number;
}

export function planThreads(asked: Partial<ThreadPlan>, cores = os.availableParallelism()): ThreadPlan {
  for (const [name, value] of Object.entries(asked)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      throw new RangeError(`inference pool: ${name} must be a whole number ≥ 1, got ${value}`);
  }
  const intraOpThreads = asked.intraOpThreads ?? (asked.workers ? Math.max(1, Math.floor(cores / asked.workers)) : 1);
  const workers = asked.workers ?? Math.max(1, Math.floor(cores / intraOpThreads));
  if (workers * intraOpThreads > cores) {
    throw new RangeError(
      `inference pool: ${workers} workers × ${intraOpThreads} intra-op threads = ${workers * intraOpThreads} threads, more than the ${cores} cores available; lower one of them`
    );
  }
  return { workers, intraOpThreads };
}
