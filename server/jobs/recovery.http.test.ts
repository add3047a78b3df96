/**
 * A backend that stops or dies under a running local job. Stopped: it stops the job's processes
 * on the way out. Killed (SIGKILL, a real backend process): the sandbox ends the job's processes
 * with it (and a next backend would kill any left). Either way the next backend marks the job failed
 * "executor restarted", its run FAILED and its token revoked, and runs new jobs as usual.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { generateToken } from '../auth/token-format';
import { call, expectStatus } from '../testing/features';
import { jobProcesses, nodeJob, submitJob, waitForEnd, waitForJob, waitForJobProcessesGone, waitForLog } from '../testing/jobs';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { startTestServer, type TestServer } from '../testing/test-server';

const LONG_JOB = { name: 'long', command: nodeJob(`console.log('up'); setInterval(() => {}, 1000);`) };
const registerTs = path.join(__dirname, '..', 'testing', 'register-ts.cjs');
const mainTs = path.join(__dirname, '..', 'main.ts');

let dataDir: TempDir;

beforeEach(() => {
  dataDir = makeTempDir('jobs-restart');
});

afterEach(() => {
  dataDir.remove();
});

/** Starts a job on `server` and answers its id once it runs (its processes are there). */
async function startLongJob(server: TestServer): Promise<{ jobId: string }> {
  const { id } = await submitJob(server, LONG_JOB);
  await waitForLog(server, id, 'up');
  await waitForJob(server, id, (job) => job.state === 'running', 'running');
  expect((await jobProcesses(id)).length).toBeGreaterThan(0);
  return { jobId: id };
}

async function expectFailedByRestart(jobId: string): Promise<void> {
  const server = await startTestServer({ env: { MLPORTAL_DATA_DIR: dataDir.path } });
  try {
    const job = await waitForEnd(server, jobId);
    expect(job).toMatchObject({
      state: 'failed',
      reason: 'executor restarted',
      attempts: [{ attempt: 1, state: 'failed', reason: 'executor restarted' }]
    });
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${job.runId}`), 200).status).toBe('FAILED');
    const tokens = expectStatus(await call(server, 'GET', '/api/v1/auth/tokens'), 200).tokens as any[];
    expect(tokens.find((t) => t.name === `job ${jobId}`).revokedAt).toBeDefined();
    const after = await waitForEnd(server, (await submitJob(server, { name: 'after restart', command: nodeJob('console.log(1)') })).id);
    expect(after.state).toBe('succeeded');
  } finally {
    await server.stop();
  }
}

describe('job recovery after a backend restart', () => {
  it('a stopped backend stops its local jobs, and the next one marks them failed "executor restarted"', async () => {
    const first = await startTestServer({ env: { MLPORTAL_DATA_DIR: dataDir.path } });
    let started: { jobId: string };
    try {
      started = await startLongJob(first);
    } finally {
      await first.stop();
    }
    await waitForJobProcessesGone(started.jobId);
    await expectFailedByRestart(started.jobId);
  });

  it('after a crash, the job processes end with the dead backend, and the next one marks the job failed "executor restarted"', async () => {
    const adminToken = generateToken();
    const backend = spawn(process.execPath, ['-r', registerTs, mainTs], {
      env: {
        ...process.env,
        MLPORTAL_DATA_DIR: dataDir.path,
        MLPORTAL_ADMIN_TOKEN: adminToken,
        MLPORTAL_PORT: '0',
        MLPORTAL_LOG_LEVEL: 'info'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const exited = new Promise<void>((resolve) => backend.once('exit', () => resolve()));
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        backend.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /mlportal backend listening on (http:\/\/[^\s"]+)/.exec(output);
          if (match) resolve(match[1]);
        });
        void exited.then(() => reject(new Error(`the backend exited before listening:\n${output}`)));
      });
      // Only what the helpers use of a test server: its requests (with the admin token) and its log lines.
      const crashing = {
        logs: [],
        request: (p: string, init: RequestInit = {}) =>
          fetch(url + p, { ...init, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' } })
      } as Pick<TestServer, 'logs' | 'request'>;
      const started = await startLongJob(crashing as TestServer);
      backend.kill('SIGKILL');
      await exited;
      await waitForJobProcessesGone(started.jobId);
      await expectFailedByRestart(started.jobId);
    } finally {
      if (backend.exitCode === null && backend.signalCode === null) backend.kill('SIGKILL');
    }
  });
});
