/**
 * The jobs API against the real backend (SQLite, HTTP on 127.0.0.1, real job processes): submit,
 * wait, follow logs as they come, cancel, rerun; and a job's run adopted from the environment.
 */
import { nodeJob, releaseJob, WAIT_FOR_RELEASE } from '../../../../server/testing/jobs';
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { runsOf } from '../env';
import { MlportalApiError, MlportalError } from '../errors';
import { setCurrentRun } from '../tracking/active';
import type { JobsApi } from './api';
import { adoptJobRun } from './job-run';
import { jobsOf } from './node';

describe('the jobs API against the backend', () => {
  let server: TestServer;
  let client: Client;
  let jobs: JobsApi;

  beforeAll(async () => {
    server = await startTestServer();
    client = new Client({
      url: server.url,
      token: (await server.tokens.create({ name: 'engineer', roles: ['ml-engineer'], createdBy: 'test' })).token
    });
    jobs = jobsOf(client);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('submits a job, follows its log chunk by chunk while it runs, and waits for its end', async () => {
    const code = `(async () => { console.log('epoch 1'); ${WAIT_FOR_RELEASE} console.log('epoch 2'); })();`;
    const job = await client.jobs.submit({ name: 'sdk job', image: 'node:20-slim', command: nodeJob(code) });
    expect(job).toMatchObject({ name: 'sdk job', state: 'queued', createdBy: 'engineer' });

    let text = '';
    for await (const chunk of jobs.logs(job.id, { follow: true })) {
      text += chunk;
      if (text === 'epoch 1\n') {
        expect((await jobs.get(job.id)).state).toBe('running');
        releaseJob(server, job.id);
      }
    }
    expect(text).toBe('epoch 1\nepoch 2\n[mlportal] job succeeded\n');
    const done = await jobs.wait(job.id, { pollMs: 50 });
    expect(done).toMatchObject({ state: 'succeeded', attempts: [{ attempt: 1, state: 'succeeded', exitCode: 0 }] });
    expect(await jobs.logs(job.id)).toBe(text);
    expect(await jobs.logs(job.id, { since: Buffer.byteLength('epoch 1\n') })).toBe('epoch 2\n[mlportal] job succeeded\n');
    expect((await client.runs.get(done.runId)).status).toBe('FINISHED');
  });

  it('cancels a running job, lists it, reruns it, and says when waiting runs out of time', async () => {
    const job = await jobs.submit({
      name: 'forever',
      image: 'node:20-slim',
      command: nodeJob(`console.log('up'); setInterval(() => {}, 1000);`)
    });
    for await (const chunk of jobs.logs(job.id, { follow: true })) if (chunk.includes('up')) break;
    const timedOut = await jobs.wait(job.id, { pollMs: 20, timeoutMs: 100 }).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(timedOut).toBeInstanceOf(MlportalError);
    expect((timedOut as Error).message).toBe(`job ${job.id} is still running after 0 s`);

    await jobs.cancel(job.id);
    expect(await jobs.wait(job.id, { pollMs: 50 })).toMatchObject({ state: 'cancelled', reason: 'cancelled' });
    expect((await jobs.list({ state: 'cancelled' })).map((j) => j.id)).toContain(job.id);

    const again = await jobs.rerun(job.id);
    expect(again).toMatchObject({ name: 'forever', command: job.command });
    await jobs.cancel(again.id);
    expect((await jobs.wait(again.id, { pollMs: 50 })).state).toBe('cancelled');
    expect(await jobs.queues()).toEqual([{ name: 'default', executor: 'local', running: 0, queued: 0, gpusInUse: 0 }]);

    const refused = await jobs.submit({ name: 'bad', image: 'Bad:Image', command: ['node'] }).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(refused).toBeInstanceOf(MlportalApiError);
    expect((refused as MlportalApiError).status).toBe(400);
    expect((refused as MlportalApiError).message).toContain('body.image');
  });

  it("makes the job's run (MLPORTAL_RUN_ID) the active run, so logging needs no run", async () => {
    const runs = runsOf(client);
    const run = await runs.start({ name: 'the job run' });
    setCurrentRun(undefined);
    const adopted = adoptJobRun(runs, { MLPORTAL_RUN_ID: run.id, MLPORTAL_URL: server.url, MLPORTAL_JOB_ID: 'job-0123456789ab' });
    expect(adopted?.id).toBe(run.id);
    expect(runs.active()).toBe(adopted);
    await runs.logMetrics({ loss: 0.25 });
    expect((await runs.get(run.id)).metrics.loss.value).toBe(0.25);
    expect(adopted?.info.name).toBe('the job run');

    // A run already active stays the active one.
    const other = await runs.start({ name: 'started in the job' });
    expect(adoptJobRun(runs, { MLPORTAL_RUN_ID: run.id, MLPORTAL_URL: server.url })).toBe(other);
    await runs.finish('FINISHED', other);
    await runs.finish('FINISHED', run.id);
  });
});
