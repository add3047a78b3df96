/**
 * A job attempt's processes as one group: the command starts a new process group (detached), so
 * a timeout or cancel reaches whatever it forked too, and nothing it started outlives it.
 */
import { promises as fs } from 'node:fs';

/** Signals the whole group; false when it is gone already. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * Whether `pid` is still the process a job started: its environment names the job. Guards a
 * restarted backend against killing an unrelated process that reused the pid. Where /proc cannot
 * be read (not Linux), answers false: better to leave a stray process than to kill a stranger.
 */
export async function isJobProcess(pid: number, jobId: string): Promise<boolean> {
  try {
    const environ = await fs.readFile(`/proc/${pid}/environ`, 'utf8');
    return environ.split('\0').includes(`MLPORTAL_JOB_ID=${jobId}`);
  } catch {
    return false;
  }
}
