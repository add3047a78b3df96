import type { ICodeCellModel } from '@jupyterlab/cells';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Job, JobsApi } from '@mlportal/sdk/core';
import { firstJobOutput, jobStatus, markedJobId, statusOutput } from './job-output';
import { untranslated } from '../ui/untranslated';
import { followJobLogs, type IFollowOptions } from './follow-logs';

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

export interface ICellFollowOptions extends IFollowOptions {
  /** How often the status line asks for the job's state while it runs (default 2 s). */
  pollMs?: number;
  /** Words the status line and the follow's failure (the strings as written when none is given). */
  trans?: TranslationBundle;
}

/**
 * Streams one job's log into a code cell's outputs and keeps its status output current, until the
 * job ends (the status then shows the final state) or stop() — the notebook closed, the cell was
 * deleted, re-run in the kernel (its job outputs cleared) or submitted again. Works on the cell's
 * model, so re-rendering the cell (scrolling, windowing) changes nothing.
 */
export class CellJobFollower {
  private _stopped = false;

  constructor(
    private readonly _cell: ICodeCellModel,
    private readonly _jobs: JobsApi,
    private readonly _job: Job,
    private readonly _options: ICellFollowOptions = {}
  ) {}

  get jobId(): string {
    return this._job.id;
  }

  get stopped(): boolean {
    return this._stopped || this._cell.isDisposed;
  }

  stop(): void {
    this._stopped = true;
  }

  private get _trans(): TranslationBundle {
    return this._options.trans ?? untranslated;
  }

  /** Follows to the end; resolves with the final job, or null when stopped first. */
  async run(): Promise<Job | null> {
    this._replaceJobOutputs();
    const poll = setInterval(() => void this._refreshStatus(), this._options.pollMs ?? 2000);
    try {
      const how = await followJobLogs(this._jobs, this._job.id, (text) => this._append(text), this, this._options);
      if (how === 'stopped' || this.stopped) {
        return null;
      }
      const final = await this._finalJob();
      this._showStatus(final);
      return final;
    } catch (error) {
      if (!this.stopped) {
        const detail = error instanceof Error ? error.message : String(error);
        this._append(`\n[mlportal] ${this._trans.__("following the job's log failed: %1", detail)}\n`, 'stderr');
      }
      return null;
    } finally {
      clearInterval(poll);
    }
  }

  /** Drops what an earlier job left in the cell, then shows this job's status. */
  private _replaceJobOutputs(): void {
    const outputs = this._cell.outputs;
    const all = Array.from({ length: outputs.length }, (_, index) => outputs.get(index));
    const first = firstJobOutput(all);
    if (first >= 0) {
      const kept = all.slice(0, first).map((output) => output.toJSON());
      outputs.clear();
      kept.forEach((output) => outputs.add(output));
    }
    outputs.add(statusOutput(jobStatus(this._job), this._trans));
  }

  private _statusIndex(): number {
    const outputs = this._cell.outputs;
    for (let index = 0; index < outputs.length; index++) {
      if (markedJobId(outputs.get(index)) === this._job.id) {
        return index;
      }
    }
    return -1;
  }

  private _append(text: string, name: 'stdout' | 'stderr' = 'stdout'): void {
    // The cell ran again in the kernel, or the user cleared its outputs: the job's are gone, stop adding.
    if (this.stopped || this._statusIndex() < 0) {
      this.stop();
      return;
    }
    this._cell.outputs.add({ output_type: 'stream', name, text });
  }

  private _showStatus(job: Job): void {
    const index = this.stopped ? -1 : this._statusIndex();
    if (index >= 0) {
      this._cell.outputs.set(index, statusOutput(jobStatus(job), this._trans));
    }
  }

  private async _refreshStatus(): Promise<void> {
    try {
      const job = await this._jobs.get(this._job.id);
      if (!FINAL.has(job.state)) {
        this._showStatus(job);
      }
    } catch {
      // The log follow reports lasting trouble; a missed status update is not worth a word.
    }
  }

  /** The log ends as the job does; its record may settle a moment later. */
  private async _finalJob(): Promise<Job> {
    let job = await this._jobs.get(this._job.id);
    for (let tries = 0; !FINAL.has(job.state) && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = await this._jobs.get(this._job.id);
    }
    return job;
  }
}

/** The followers of open notebooks: one per cell; a notebook's stop when it closes. */
export class CellJobFollowers {
  private readonly _byCell = new Map<string, CellJobFollower>();

  /** Follows `job` in `cell` (stopping the cell's earlier follower); resolves as CellJobFollower.run. */
  follow(cell: ICodeCellModel, follower: CellJobFollower, closed: { connect(handler: () => void): void }): Promise<Job | null> {
    this._byCell.get(cell.id)?.stop();
    this._byCell.set(cell.id, follower);
    closed.connect(() => follower.stop());
    return follower.run().finally(() => {
      if (this._byCell.get(cell.id) === follower) {
        this._byCell.delete(cell.id);
      }
    });
  }

  /** Stops every follower (the extension is being unloaded). */
  stopAll(): void {
    this._byCell.forEach((follower) => follower.stop());
    this._byCell.clear();
  }
}
