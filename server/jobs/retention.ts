/**
 * Removes the folders of jobs that ended more than the retention period ago (their work, outputs and
 * temp folders: outputs are run artifacts by then), keeping each job's log. Driven by what is on disk,
 * so a sweep looks only at jobs that still have folders.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/logging';
import type { JobLayout } from './layout';
import type { JobRecords } from './records';
import { TERMINAL_JOB_STATES } from '@mlportal/contract';

const DAY_MS = 24 * 3600 * 1000;
/** Sweeps run at start and then this often. */
export const RETENTION_SWEEP_MS = 6 * 3600 * 1000;

export class JobFolderRetention {
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: { layout: JobLayout; records: JobRecords; retentionDays: number; logger: Logger; now: () => Date }) {}

  start(): void {
    const sweep = () => void this.sweep().catch((err: unknown) => this.deps.logger.warn({ err }, 'job folder retention sweep failed'));
    sweep();
    this.timer = setInterval(sweep, RETENTION_SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Answers how many jobs' folders were removed. */
  async sweep(): Promise<number> {
    const cutoff = this.deps.now().getTime() - this.deps.retentionDays * DAY_MS;
    const jobIds = await fs.readdir(this.deps.layout.root).catch(() => [] as string[]);
    let removed = 0;
    for (const jobId of jobIds.filter((name) => !name.startsWith('.'))) {
      const attempts = (await fs.readdir(this.deps.layout.jobDir(jobId)).catch(() => [] as string[])).filter((name) =>
        name.startsWith('attempt-')
      );
      if (attempts.length === 0) continue;
      const job = await this.deps.records.require(jobId).catch(() => undefined);
      if (!job || !TERMINAL_JOB_STATES.has(job.state) || !job.finishedAt || Date.parse(job.finishedAt) > cutoff) continue;
      for (const attempt of attempts) await fs.rm(path.join(this.deps.layout.jobDir(jobId), attempt), { recursive: true, force: true });
      removed += 1;
    }
    if (removed > 0)
      this.deps.logger.info({ removed, retentionDays: this.deps.retentionDays }, `removed the folders of ${removed} finished job(s)`);
    return removed;
  }
}
