/** Where a job's files live under the data dir: `jobs/<jobId>/log.txt` and `jobs/<jobId>/attempt-<n>/{work,outputs,tmp}`. */
import path from 'node:path';

export class JobLayout {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'jobs');
  }

  jobDir(jobId: string): string {
    return path.join(this.root, jobId);
  }

  logFile(jobId: string): string {
    return path.join(this.jobDir(jobId), 'log.txt');
  }

  attemptDir(jobId: string, attempt: number): string {
    return path.join(this.jobDir(jobId), `attempt-${attempt}`);
  }

  workDir(jobId: string, attempt: number): string {
    return path.join(this.attemptDir(jobId, attempt), 'work');
  }

  outputDir(jobId: string, attempt: number): string {
    return path.join(this.attemptDir(jobId, attempt), 'outputs');
  }

  /** The attempt's own temp folder (its /tmp in the sandbox), so what it leaves there is removed with the attempt. */
  tmpDir(jobId: string, attempt: number): string {
    return path.join(this.attemptDir(jobId, attempt), 'tmp');
  }
}
