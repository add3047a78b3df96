/**
 * The Jobs sidebar's model and the log follow against a real backend: real jobs (node processes on
 * the local executor) that print, log a metric and wait for a file the test creates, so what is
 * seen while a job runs is seen for certain before it ends.
 */
import { Client } from '@mlportal/sdk/core';
import { tokenWith } from '../../server/testing/features';
import { nodeJob, releaseJob, SDK_JOBS_ENTRY, WAIT_FOR_RELEASE, waitForEnd } from '../../server/testing/jobs';
import { startTestServer, type TestServer } from '../../server/testing/test-server';
import { ConnectionModel } from '../connection/model';
import { followJobLogs } from './follow-logs';
import { JobsModel } from './model';

/** Job code that prints, logs loss=0.25 to its run, waits until the test releases it, prints again. */
function gatedJob(): string {
  return `
    const { runs } = require(${JSON.stringify(SDK_JOBS_ENTRY.replace(/jobs[/\\]node\.ts$/, 'env.ts'))});
    require(${JSON.stringify(SDK_JOBS_ENTRY)});
    (async () => {
      console.log('epoch 1 — naïve ☃');
      await runs.logMetrics({ loss: 0.25 });
      ${WAIT_FOR_RELEASE}
      console.log('epoch 2 done');
    })().catch((e) => { console.error(e); process.exit(1); });`;
}

/** Resolves once `ready` holds for the model's state. */
function until(model: JobsModel, ready: () => boolean, what: string, limitMs = 45_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ready()) return resolve();
    const timer = setTimeout(() => {
      model.stateChanged.disconnect(check);
      reject(new Error(`never saw ${what}; state: ${JSON.stringify(model.state).slice(0, 2000)}`));
    }, limitMs);
    function check() {
      if (ready()) {
        clearTimeout(timer);
        model.stateChanged.disconnect(check);
        resolve();
      }
    }
    model.stateChanged.connect(check);
  });
}

describe('jobs in the extension, against a real backend', () => {
  let server: TestServer;
  let engineer: Client;
  let engineerToken: string;
  let businessToken: string;
  const disposables: Array<{ dispose(): void }> = [];

  beforeAll(async () => {
    server = await startTestServer();
    engineerToken = await tokenWith(server, 'ml-engineer');
    businessToken = await tokenWith(server, 'business');
    engineer = new Client({ url: server.url, token: engineerToken });
  });

  afterEach(() => {
    disposables.splice(0).forEach((item) => item.dispose());
  });

  afterAll(async () => {
    await server.stop();
  });

  async function jobsModel(token: string): Promise<JobsModel> {
    const connection = new ConnectionModel({ backendUrl: server.url, token, pollIntervalSeconds: 0 });
    disposables.push(connection);
    await connection.refresh();
    const model = new JobsModel(connection, { pollMs: 100, segmentMs: 400, retryMs: 50 });
    disposables.push(model);
    return model;
  }

  it('follows a log live across reconnections, whole characters and all, until the job ends', async () => {
    const job = await engineer.jobs.submit({ name: 'followed', image: 'node:20-slim', command: nodeJob(gatedJob(), { withSdk: true }) });
    let seen = '';
    let sawFirstLine: () => void = () => undefined;
    const firstLine = new Promise<void>((resolve) => (sawFirstLine = resolve));
    const followed = followJobLogs(
      engineer.jobs,
      job.id,
      (text) => {
        seen += text;
        if (seen.includes('epoch 1')) sawFirstLine();
      },
      { stopped: false },
      { segmentMs: 300, retryMs: 50 }
    );
    await firstLine;
    expect((await engineer.jobs.get(job.id)).state).toBe('running');
    // Several segments time out while the job waits: each reconnects where the last one stopped.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    releaseJob(server, job.id);
    await expect(followed).resolves.toBe('ended');
    expect(seen).toBe(await engineer.jobs.logs(job.id));
    expect(seen).toContain('epoch 1 — naïve ☃\nepoch 2 done\n');
  });

  it('stops a follow when asked, and rejects for a job that does not exist', async () => {
    const job = await engineer.jobs.submit({
      name: 'stopped follow',
      image: 'node:20-slim',
      command: nodeJob(gatedJob(), { withSdk: true })
    });
    const flag = { stopped: false };
    let texts = 0;
    const followed = followJobLogs(engineer.jobs, job.id, () => void (texts++, (flag.stopped = true)), flag, { segmentMs: 300 });
    await expect(followed).resolves.toBe('stopped');
    expect(texts).toBe(1);
    releaseJob(server, job.id);
    await waitForEnd(server, job.id);
    await expect(followJobLogs(engineer.jobs, 'job-000000000000', () => undefined, { stopped: false })).rejects.toThrow(/404/);
  });

  it('lists jobs, opens one with its live log and its run’s metric, and refreshes while shown and a job runs', async () => {
    const submitted = await engineer.jobs.submit({
      name: 'sidebar job',
      image: 'node:20-slim',
      command: nodeJob(gatedJob(), { withSdk: true })
    });
    const model = await jobsModel(engineerToken);
    await model.start();
    expect(model.state.permissions).toEqual({ submit: true, cancel: true });
    expect(model.state.list.jobs.map((job) => job.id)).toContain(submitted.id);

    await model.openJob(submitted.id);
    await until(model, () => model.state.page?.kind === 'job' && model.state.page.log.includes('epoch 1'), 'the first log line');
    const open = model.state.page;
    if (open?.kind !== 'job') throw new Error('expected the job page');
    expect(open.following).toBe(true);
    expect(open.job.state).toBe('running');

    // Shown: the list follows the job to its end without being asked.
    model.setVisible(true);
    releaseJob(server, submitted.id);
    await until(
      model,
      () => model.state.list.jobs.find((job) => job.id === submitted.id)?.state === 'succeeded',
      'the job succeed in the list'
    );
    await until(
      model,
      () => model.state.page?.kind === 'job' && !model.state.page.following && model.state.page.job.state === 'succeeded',
      'the page end'
    );
    const ended = model.state.page;
    if (ended?.kind !== 'job') throw new Error('expected the job page');
    expect(ended.log).toContain('epoch 2 done');
    await until(model, () => model.state.page?.run?.metrics.loss?.value === 0.25, 'the run metric');

    await model.openRun(submitted.id);
    expect(model.state.page).toMatchObject({
      kind: 'run',
      job: { id: submitted.id },
      run: { id: submitted.runId, status: 'FINISHED', metrics: { loss: { value: 0.25 } } },
      problem: null
    });
    model.back();
    expect(model.state.page).toBeNull();
  });

  it('cancels a running job and reruns it as a new job; a business token may do neither', async () => {
    const submitted = await engineer.jobs.submit({
      name: 'to cancel',
      image: 'node:20-slim',
      command: nodeJob(gatedJob(), { withSdk: true })
    });
    const model = await jobsModel(engineerToken);
    await model.start();
    await model.openJob(submitted.id);
    await until(model, () => model.state.page?.kind === 'job' && model.state.page.log.includes('epoch 1'), 'the job run');
    await model.cancel(submitted.id);
    expect(model.state.action).toMatchObject({
      busy: false,
      problem: null,
      message: expect.stringMatching(new RegExp(`^Job ${submitted.id} is (being )?cancelled\\.$`))
    });
    expect((await waitForEnd(server, submitted.id)).state).toBe('cancelled');

    await model.rerun(submitted.id);
    const rerun = model.state.page;
    expect(rerun?.kind).toBe('job');
    expect(rerun?.job.id).not.toBe(submitted.id);
    expect(rerun?.job).toMatchObject({ name: 'to cancel', command: submitted.command });
    expect(model.state.action.message).toBe(`Job ${rerun?.job.id} reruns ${submitted.id}.`);
    await model.cancel(rerun!.job.id);
    await waitForEnd(server, rerun!.job.id);

    const business = await jobsModel(businessToken);
    await business.start();
    expect(business.state.permissions).toEqual({ submit: false, cancel: false });
    await business.rerun(submitted.id);
    expect(business.state.action.problem?.message).toMatch(/^Rerunning .* is not allowed for this token \(403\)/);
  });
});
