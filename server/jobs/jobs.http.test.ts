/**
 * Jobs on the local executor over real HTTP: real node processes that log to their run through
 * the SDK, exit codes and retries, timeouts and cancels (their process groups gone afterwards),
 * followed logs, and bad input refused naming the field.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { call, expectStatus, tokenWith } from '../testing/features';
import {
  getJob,
  jobLogs,
  jobProcesses,
  nodeJob,
  releaseJob,
  SDK_JOBS_ENTRY,
  submitJob,
  WAIT_FOR_RELEASE,
  waitForEnd,
  waitForJobProcessesGone,
  waitForLog
} from '../testing/jobs';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe('jobs on the local executor', () => {
  it('runs a job that logs a metric and writes an output through the SDK: the run shows both, and the job token is revoked', async () => {
    const code = `
      const { runs } = require(${JSON.stringify(SDK_JOBS_ENTRY.replace(/jobs[/\\]node\.ts$/, 'env.ts'))});
      require(${JSON.stringify(SDK_JOBS_ENTRY)});
      (async () => {
        console.log('training on', process.env.MLPORTAL_JOB_ID);
        await runs.logMetrics({ accuracy: 0.93 });
        require('fs').writeFileSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'model.txt'), 'weights');
        require('fs').mkdirSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'plots'));
        require('fs').writeFileSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'plots', 'loss.json'), '[1,0.5]');
        console.error('done');
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const submitted = await submitJob(server, { name: 'train with sdk', command: nodeJob(code, { withSdk: true }) });
    expect(submitted).toMatchObject({
      state: 'queued',
      executor: 'local',
      queue: 'default',
      retries: 0,
      timeoutSeconds: 3600,
      resources: { gpus: 0 },
      attempts: []
    });
    expect(submitted.id).toMatch(/^job-[0-9a-f]{12}$/);

    const job = await waitForEnd(server, submitted.id);
    const log = await jobLogs(server, job.id);
    expect(job).toMatchObject({ state: 'succeeded', attempts: [{ attempt: 1, state: 'succeeded', exitCode: 0 }] });
    expect(log).toContain(`training on ${job.id}\n`);
    expect(log).toContain('done\n');

    const run = expectStatus(await call(server, 'GET', `/api/v1/runs/${job.runId}`), 200);
    expect(run).toMatchObject({
      status: 'FINISHED',
      name: 'train with sdk',
      origin: { jobId: job.id, source: 'job' },
      metrics: { accuracy: { value: 0.93 } }
    });
    expect(run.endTime).toBeDefined();
    const top = expectStatus(await call(server, 'GET', `/api/v1/runs/${job.runId}/artifacts`), 200);
    expect(top.files).toEqual([
      { path: 'model.txt', isDir: false, size: 7 },
      { path: 'plots', isDir: true }
    ]);
    const content = await server.request(`/api/v1/runs/${job.runId}/artifacts/content?path=plots%2Floss.json`);
    expect(await content.text()).toBe('[1,0.5]');

    const tokens = expectStatus(await call(server, 'GET', '/api/v1/auth/tokens'), 200).tokens as any[];
    const jobToken = tokens.find((t) => t.name === `job ${job.id}`);
    expect(jobToken).toMatchObject({ roles: ['admin'] });
    expect(jobToken.revokedAt).toBeDefined();
  });

  it('lets job code resolve @mlportal/sdk from a working directory outside the checkout', async () => {
    expect(server.config.dataDir.startsWith(path.resolve(__dirname, '../..'))).toBe(false);
    const code = "console.log('sdk at', require.resolve('@mlportal/sdk/package.json'))";
    const job = await waitForEnd(server, (await submitJob(server, { name: 'finds the sdk', command: nodeJob(code) })).id);
    expect(job.state).toBe('succeeded');
    expect(await jobLogs(server, job.id)).toMatch(/sdk at .*package\.json/);
  });

  it('fails a job that exits 3 without a retry when retries is 0', async () => {
    const job = await waitForEnd(server, (await submitJob(server, { name: 'exit 3', command: nodeJob('process.exit(3)') })).id);
    expect(job).toMatchObject({
      state: 'failed',
      reason: 'exit code 3',
      attempts: [{ attempt: 1, state: 'failed', reason: 'exit code 3', exitCode: 3 }]
    });
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${job.runId}`), 200).status).toBe('FAILED');
  });

  it('retries a failed attempt when retries is 1: a second failure fails the job, a second success succeeds', async () => {
    const failing = await waitForEnd(
      server,
      (await submitJob(server, { name: 'always 3', command: nodeJob('process.exit(3)'), retries: 1 })).id
    );
    expect(failing.state).toBe('failed');
    expect(failing.reason).toBe('exit code 3');
    expect(failing.attempts.map((a: any) => [a.attempt, a.state, a.exitCode])).toEqual([
      [1, 'failed', 3],
      [2, 'failed', 3]
    ]);

    const code = `if (process.env.MLPORTAL_JOB_ATTEMPT === '2') { console.log('second try'); } else { process.exit(3); }`;
    const flaky = await waitForEnd(server, (await submitJob(server, { name: 'flaky', command: nodeJob(code), retries: 1 })).id);
    expect(flaky.state).toBe('succeeded');
    expect(flaky.attempts.map((a: any) => a.state)).toEqual(['failed', 'succeeded']);
    const log = await jobLogs(server, flaky.id);
    expect(log).toContain('[mlportal] attempt 1 failed (exit code 3); retrying');
    expect(log).toContain('second try');
  });

  it('fails a job that runs past its timeout, and leaves none of its processes behind', async () => {
    const code = `
      require('child_process').spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
      console.log('started');
      setInterval(() => {}, 1000);`;
    const submitted = await submitJob(server, { name: 'too slow', command: nodeJob(code), timeoutSeconds: 3 });
    await waitForLog(server, submitted.id, 'started');
    // The sandbox, node and the sleep it started in a session of its own.
    expect((await jobProcesses(submitted.id)).length).toBeGreaterThanOrEqual(3);
    const job = await waitForEnd(server, submitted.id);
    expect(job).toMatchObject({ state: 'failed', reason: 'ran past its 3 s timeout' });
    await waitForJobProcessesGone(job.id);
  });

  it('cancels a running job: its process group is stopped and its run is KILLED', async () => {
    const submitted = await submitJob(server, { name: 'cancel me', command: nodeJob(`console.log('up'); setInterval(() => {}, 1000);`) });
    await waitForLog(server, submitted.id, 'up');
    expect((await getJob(server, submitted.id)).state).toBe('running');
    expect((await jobProcesses(submitted.id)).length).toBeGreaterThan(0);
    const other = await tokenWith(server, 'ml-engineer');
    expect(expectStatus(await call(server, 'POST', `/api/v1/jobs/${submitted.id}/cancel`, undefined, other), 403).error.message).toMatch(
      /only its submitter or an admin/
    );
    expectStatus(await call(server, 'POST', `/api/v1/jobs/${submitted.id}/cancel`), 200);
    const job = await waitForEnd(server, submitted.id);
    expect(job).toMatchObject({ state: 'cancelled', reason: 'cancelled' });
    await waitForJobProcessesGone(job.id);
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${job.runId}`), 200).status).toBe('KILLED');
    expect(expectStatus(await call(server, 'POST', `/api/v1/jobs/${job.id}/cancel`), 409).error.message).toBe(
      `job ${job.id} has already been cancelled`
    );
  });

  it('streams a followed log before the job ends, and closes it when the job ends', async () => {
    const code = `(async () => { console.log('line 1'); ${WAIT_FOR_RELEASE} console.log('line 2'); })();`;
    const submitted = await submitJob(server, { name: 'follow', command: nodeJob(code) });
    const released = path.join(server.services.jobs.layout.workDir(submitted.id, 1), 'release');
    const response = await server.request(`/api/v1/jobs/${submitted.id}/logs?follow=true`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('line 1\n')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the followed log ended early: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    expect((await getJob(server, submitted.id)).state).toBe('running');
    expect(existsSync(released)).toBe(false);
    releaseJob(server, submitted.id);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe('line 1\nline 2\n[mlportal] job succeeded\n');
    expect((await getJob(server, submitted.id)).state).toBe('succeeded');

    const since = Buffer.byteLength('line 1\n');
    const rest = await server.request(`/api/v1/jobs/${submitted.id}/logs?since=${since}`);
    expect(await rest.text()).toBe('line 2\n[mlportal] job succeeded\n');
  });

  it('fails a job whose command cannot start, with the reason', async () => {
    const job = await waitForEnd(server, (await submitJob(server, { name: 'missing', command: ['/nonexistent/trainer'] })).id);
    expect(job.state).toBe('failed');
    expect(job.reason).toMatch(/^could not start "\/nonexistent\/trainer": (No such file or directory|.*ENOENT)/);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const before = expectStatus(await call(server, 'GET', '/api/v1/jobs?maxResults=1000'), 200).jobs.length;
    const refused = async (body: Record<string, unknown>, status = 400) =>
      expectStatus(await call(server, 'POST', '/api/v1/jobs', { name: 'bad', image: 'node:20', command: ['node'], ...body }), status).error;

    expect((await refused({ image: 'Not A/Valid Image' })).details).toEqual([
      { path: 'body.image', message: expect.stringMatching(/without spaces|not a valid image reference/) }
    ]);
    expect((await refused({ image: 'Trainer:1' })).details).toEqual([
      { path: 'body.image', message: '"Trainer:1" is not a valid image reference: repository names must be lower case' }
    ]);
    expect((await refused({ resources: { gpus: -1 } })).details).toEqual([
      { path: 'body.resources.gpus', message: 'must not be negative' }
    ]);
    expect((await refused({ resources: { gpus: 0, memory: '3Ti' } })).details).toEqual([
      { path: 'body.resources.memory', message: '"3Ti" is more than the 2Ti a job may ask for' }
    ]);
    expect((await refused({ resources: { cpu: 1000 } })).details).toEqual([
      { path: 'body.resources.cpu', message: 'must be at most 256 cores' }
    ]);
    expect((await refused({ queue: 'nowhere' })).details).toEqual([
      { path: 'body.queue', message: 'unknown queue "nowhere"; the queues are default' }
    ]);
    expect((await refused({ env: { MLPORTAL_TOKEN: 'x' } })).details).toEqual([
      { path: 'body.env.MLPORTAL_TOKEN', message: 'variables starting with MLPORTAL_ are set by the platform' }
    ]);
    expect((await refused({ timeoutSeconds: 8 * 24 * 3600 })).details).toEqual([
      { path: 'body.timeoutSeconds', message: 'must be at most 7 days (604800 s)' }
    ]);
    expect((await refused({ inputs: { trainingSets: ['ts-missing'] } }, 404)).message).toMatch(/^body\.inputs\.trainingSets\[0\]: /);
    expect((await refused({ experimentId: '999999' }, 404)).message).toMatch(/^body\.experimentId: /);
    expect(expectStatus(await call(server, 'GET', '/api/v1/jobs?maxResults=1000'), 200).jobs.length).toBe(before);
  });

  it('lists jobs newest first, shows the queues, and reruns a job with the same spec', async () => {
    const first = await waitForEnd(
      server,
      (await submitJob(server, { name: 'list me', command: nodeJob('console.log(1)'), env: { A: 'b' } })).id
    );
    const rerun = expectStatus(await call(server, 'POST', `/api/v1/jobs/${first.id}/rerun`), 201);
    expect(rerun).toMatchObject({ name: 'list me', command: first.command, env: { A: 'b' }, state: 'queued' });
    expect(rerun.id).not.toBe(first.id);
    expect(rerun.runId).not.toBe(first.runId);
    await waitForEnd(server, rerun.id);
    const listed = expectStatus(await call(server, 'GET', '/api/v1/jobs?state=succeeded&maxResults=2'), 200).jobs;
    expect(listed.map((j: any) => j.id)).toEqual([rerun.id, first.id]);
    expect(expectStatus(await call(server, 'GET', '/api/v1/queues'), 200).queues).toEqual([
      { name: 'default', executor: 'local', running: 0, queued: 0, gpusInUse: 0 }
    ]);
    const reader = await tokenWith(server, 'business');
    expect(
      expectStatus(await call(server, 'POST', '/api/v1/jobs', { name: 'x', image: 'node:20', command: ['node'] }, reader), 403).error.code
    ).toBe('forbidden');
  });
});
