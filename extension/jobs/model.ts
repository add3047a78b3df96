import type { TranslationBundle } from '@jupyterlab/translation';
import type { Job } from '@mlportal/sdk/core';
import { ConnectedModel } from '../connection/connected-model';
import type { IConnectionModel, IConnectionState } from '../tokens';
import { followJobLogs, type IFollowOptions } from './follow-logs';
import { IDLE_JOB_ACTION, isActive, jobsPermissions, type IJobPage, type IJobsState, type JobsPage } from './state';

export interface IJobsModelOptions extends IFollowOptions {
  /** Between refreshes while the sidebar is shown and a job is queued or running (default 3 s). */
  pollMs?: number;
  /** Jobs listed (default 50, newest first). */
  maxResults?: number;
  /** The plugin's translation bundle (the strings as written when none is given). */
  trans?: TranslationBundle;
}

/** Characters of log a job page keeps: the tail of a long log. */
const LOG_TAIL_CHARS = 200_000;

/**
 * The Jobs sidebar's state: the newest jobs, and the open page (a job with its live log, or its
 * run). While the sidebar is shown and some job is queued or running it refreshes every few
 * seconds; hidden, it stops. Answers overtaken by a newer request are dropped.
 */
export class JobsModel extends ConnectedModel<IJobsState> {
  private readonly _pollMs: number;
  private readonly _maxResults: number;
  private _visible = false;
  private _shownBefore = false;
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _listGeneration = 0;
  private _pageGeneration = 0;
  /** Stops the open page's log follow. */
  private _follow: { stopped: boolean } = { stopped: true };

  constructor(
    connection: IConnectionModel,
    private readonly _options: IJobsModelOptions = {}
  ) {
    super(
      connection,
      {
        list: { jobs: [], loading: false, problem: null, done: false },
        page: null,
        action: IDLE_JOB_ACTION,
        permissions: jobsPermissions(connection.state.identity)
      },
      _options.trans
    );
    this._pollMs = _options.pollMs ?? 3000;
    this._maxResults = _options.maxResults ?? 50;
  }

  async refresh(): Promise<void> {
    await Promise.all([this.reloadList(), this._reloadPage()]);
  }

  /** The sidebar was shown or hidden: refreshing runs only while it is shown, and catches up when shown again. */
  setVisible(visible: boolean): void {
    if (visible && !this._visible && this._shownBefore) {
      void this.refresh();
    }
    this._shownBefore ||= visible;
    this._visible = visible;
    if (visible && this._timer === null) {
      this._timer = setInterval(() => void this._tick(), this._pollMs);
    } else if (!visible && this._timer !== null) {
      clearInterval(this._timer);
      this._timer = null;
    }
  }

  async reloadList(): Promise<void> {
    const generation = ++this._listGeneration;
    this._patch({ list: { ...this.state.list, loading: true } });
    try {
      const jobs = await this.connection.client.jobs.list({ maxResults: this._maxResults });
      if (generation === this._listGeneration) {
        this._patch({ list: { jobs, loading: false, problem: null, done: true } });
      }
    } catch (error) {
      if (generation === this._listGeneration) {
        this._patch({
          list: { jobs: [], loading: false, problem: this.describeProblem(error, this.trans.__('Listing the jobs')), done: true }
        });
      }
    }
  }

  /** Opens a job's page and follows its log live. */
  async openJob(jobId: string): Promise<void> {
    this._stopFollow();
    const generation = ++this._pageGeneration;
    this._patch({ action: IDLE_JOB_ACTION });
    try {
      const job = await this.connection.client.jobs.get(jobId);
      if (generation !== this._pageGeneration) {
        return;
      }
      this._patch({ page: { kind: 'job', job, log: '', following: true, logProblem: null, run: null, problem: null } });
      this._startFollow(job.id, generation);
      await this._loadRun(job, generation);
    } catch (error) {
      if (generation === this._pageGeneration) {
        this._patch({
          page: null,
          list: { ...this.state.list, problem: this.describeProblem(error, this.trans.__('Opening job %1', jobId)) }
        });
      }
    }
  }

  /** Opens a job's run: its params and latest metrics. */
  async openRun(jobId: string): Promise<void> {
    this._stopFollow();
    const generation = ++this._pageGeneration;
    this._patch({ action: IDLE_JOB_ACTION });
    try {
      const job = await this.connection.client.jobs.get(jobId);
      if (generation !== this._pageGeneration) {
        return;
      }
      this._patch({ page: { kind: 'run', job, run: null, problem: null } });
      await this._loadRun(job, generation);
    } catch (error) {
      if (generation === this._pageGeneration) {
        this._patch({
          page: null,
          list: { ...this.state.list, problem: this.describeProblem(error, this.trans.__('Opening the run of job %1', jobId)) }
        });
      }
    }
  }

  /** Back to the list. */
  back(): void {
    this._stopFollow();
    this._pageGeneration++;
    this._patch({ page: null, action: IDLE_JOB_ACTION });
  }

  async cancel(jobId: string): Promise<void> {
    await this._act(this.trans.__('Cancelling %1', jobId), async () => {
      const job = await this.connection.client.jobs.cancel(jobId);
      this._replaceJob(job);
      return job.state === 'cancelled' ? this.trans.__('Job %1 is cancelled.', jobId) : this.trans.__('Job %1 is being cancelled.', jobId);
    });
  }

  /** Submits the same spec again and opens the new job. */
  async rerun(jobId: string): Promise<void> {
    await this._act(this.trans.__('Rerunning %1', jobId), async () => {
      const job = await this.connection.client.jobs.rerun(jobId);
      await this.reloadList();
      await this.openJob(job.id);
      return this.trans.__('Job %1 reruns %2.', job.id, jobId);
    });
  }

  protected onConnectionState(state: IConnectionState): void {
    this._patch({ permissions: jobsPermissions(state.identity) });
  }

  protected onDispose(): void {
    this.setVisible(false);
    this._stopFollow();
  }

  private async _act(what: string, action: () => Promise<string>): Promise<void> {
    this._patch({ action: { busy: true, message: null, problem: null } });
    try {
      const message = await action();
      this._patch({ action: { busy: false, message, problem: null } });
    } catch (error) {
      this._patch({ action: { busy: false, message: null, problem: this.describeProblem(error, what) } });
    }
  }

  private async _tick(): Promise<void> {
    const page = this.state.page;
    const busy = this.state.list.jobs.some(isActive) || (page !== null && (isActive(page.job) || page.run?.status === 'RUNNING'));
    if (this._visible && busy && !this.isDisposed) {
      await this.refresh();
    }
  }

  /** Reads the open page's job and run again (the log follows by itself). */
  private async _reloadPage(): Promise<void> {
    const page = this.state.page;
    if (!page) {
      return;
    }
    const generation = this._pageGeneration;
    try {
      const job = await this.connection.client.jobs.get(page.job.id);
      if (generation === this._pageGeneration && this.state.page) {
        this._patch({ page: { ...this.state.page, job } as JobsPage });
        await this._loadRun(job, generation);
      }
    } catch (error) {
      if (generation === this._pageGeneration && this.state.page) {
        this._patch({
          page: { ...this.state.page, problem: this.describeProblem(error, this.trans.__('Reading job %1', page.job.id)) } as JobsPage
        });
      }
    }
  }

  private async _loadRun(job: Job, generation: number): Promise<void> {
    try {
      const run = await this.connection.client.runs.get(job.runId);
      if (generation === this._pageGeneration && this.state.page) {
        this._patch({ page: { ...this.state.page, run, problem: null } as JobsPage });
      }
    } catch (error) {
      if (generation === this._pageGeneration && this.state.page) {
        this._patch({
          page: { ...this.state.page, problem: this.describeProblem(error, this.trans.__('Reading run %1', job.runId)) } as JobsPage
        });
      }
    }
  }

  private _startFollow(jobId: string, generation: number): void {
    const flag = { stopped: false };
    this._follow = flag;
    const onPage = (): IJobPage | null => {
      const page = this.state.page;
      return !flag.stopped && generation === this._pageGeneration && page?.kind === 'job' ? page : null;
    };
    followJobLogs(
      this.connection.client.jobs,
      jobId,
      (text) => {
        const page = onPage();
        if (page) {
          this._patch({ page: { ...page, log: (page.log + text).slice(-LOG_TAIL_CHARS) } });
        }
      },
      flag,
      this._options
    )
      .then(async (how) => {
        if (how === 'ended' && onPage()) {
          this._patch({ page: { ...(onPage() as IJobPage), following: false } });
          await this._reloadPage();
        }
      })
      .catch((error) => {
        const page = onPage();
        if (page) {
          this._patch({ page: { ...page, following: false, logProblem: this.describeProblem(error, this.trans.__('Following the log')) } });
        }
      });
  }

  private _stopFollow(): void {
    this._follow.stopped = true;
  }

  private _replaceJob(job: Job): void {
    this._patch({ list: { ...this.state.list, jobs: this.state.list.jobs.map((known) => (known.id === job.id ? job : known)) } });
    const page = this.state.page;
    if (page && page.job.id === job.id) {
      this._patch({ page: { ...page, job } as JobsPage });
    }
  }

  private _patch(change: Partial<IJobsState>): void {
    this.setState({ ...this.state, ...change });
  }
}
