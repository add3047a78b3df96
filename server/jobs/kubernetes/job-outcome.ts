/** How a batch/v1 Job ended, read from its conditions, in the words the job service records. */
import type { V1Job } from '../../platform/kubernetes/client-node';

export type JobOutcome = { state: 'succeeded' } | { state: 'failed'; reason: string; exitCode?: number };

/** The terminal conditions the Job controller sets; FailureTarget/SuccessCriteriaMet come first and are not final yet. */
function finalCondition(job: V1Job) {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function exitCodeIn(message: string | undefined): number | undefined {
  const match = /exit code (\d+)/.exec(message ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * undefined while the Job still runs. `lastExitCode` is the exit code of its last failed pod when the caller saw it
 * (the Failed condition names it only for the pod failure policy).
 */
export function jobOutcome(job: V1Job, timeoutSeconds: number, lastExitCode?: number): JobOutcome | undefined {
  const condition = finalCondition(job);
  if (!condition) return undefined;
  if (condition.type === 'Complete') return { state: 'succeeded' };
  switch (condition.reason) {
    case 'DeadlineExceeded':
      return { state: 'failed', reason: `ran past its ${timeoutSeconds} s timeout` };
    case 'PodFailurePolicy': {
      const exitCode = exitCodeIn(condition.message) ?? lastExitCode;
      return exitCode !== undefined
        ? { state: 'failed', reason: `exit code ${exitCode}`, exitCode }
        : { state: 'failed', reason: condition.message ?? 'failed by the pod failure policy' };
    }
    case 'BackoffLimitExceeded': {
      const failures = job.status?.failed ?? 0;
      const last = lastExitCode !== undefined ? `, the last with exit code ${lastExitCode}` : '';
      return {
        state: 'failed',
        reason: `its pod failed ${failures} time${failures === 1 ? '' : 's'}${last}; no retries left`,
        ...(lastExitCode !== undefined ? { exitCode: lastExitCode } : {})
      };
    }
    default:
      return { state: 'failed', reason: [condition.reason, condition.message].filter(Boolean).join(': ') || 'the Job failed' };
  }
}
