/** Helpers for job tests: submit, wait for a state, job commands that are real node processes, a stand-in nvidia-smi. */
import { chmodSync, promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobLayout } from '../jobs/layout';
import { processIsAlive } from '../platform/processes';
import { call, expectStatus } from './features';
import type { TestServer } from './test-server';

const registerTs = path.join(__dirname, 'register-ts.cjs');
/** The SDK's Node entry for jobs, loaded from source by a job's node process. */
export const SDK_JOBS_ENTRY = path.resolve(__dirname, '../../kernels/sdk/src/jobs/node.ts');

/** A job command running `code` in node; `withSdk` loads our TypeScript (the SDK from source). */
export function nodeJob(code: string, options: { withSdk?: boolean } = {}): string[] {
  return options.withSdk ? [process.execPath, '-r', registerTs, '-e', code] : [process.execPath, '-e', code];
}

export async function submitJob(server: TestServer, body: Record<string, unknown>, token?: string): Promise<any> {
  return expectStatus(await call(server, 'POST', '/api/v1/jobs', { image: 'node:20-slim', ...body }, token), 201);
}

export async function getJob(server: TestServer, id: string): Promise<any> {
  return expectStatus(await call(server, 'GET', `/api/v1/jobs/${id}`), 200);
}

export async function jobLogs(server: TestServer, id: string): Promise<string> {
  const response = await server.request(`/api/v1/jobs/${id}/logs`);
  if (response.status !== 200) throw new Error(`logs of ${id}: HTTP ${response.status}`);
  return response.text();
}

/** Polls until `ready` holds for the job (or `limitMs` passes, then fails naming what was seen). */
export async function waitForJob(
  server: TestServer,
  id: string,
  ready: (job: any) => boolean,
  what: string,
  limitMs = 45_000
): Promise<any> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const job = await getJob(server, id);
    if (ready(job)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${id} never became ${what}; last seen: ${JSON.stringify(job)}\nlog:\n${await jobLogs(server, id)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function waitForEnd(server: TestServer, id: string): Promise<any> {
  return waitForJob(server, id, (job) => ['succeeded', 'failed', 'cancelled'].includes(job.state), 'finished');
}

/** Polls until the job's log contains `text`. */
export async function waitForLog(server: TestServer, id: string, text: string | RegExp, limitMs = 45_000): Promise<string> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const log = await jobLogs(server, id);
    if (typeof text === 'string' ? log.includes(text) : text.test(log)) return log;
    if (Date.now() > deadline) throw new Error(`the log of ${id} never showed ${String(text)}:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitForProcessGone(pid: number, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  // A zombie not yet reaped still counts as alive: keep polling.
  while (processIsAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still there`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The pids of the processes on this machine that a job started (they carry its MLPORTAL_JOB_ID): in the sandbox a job
 * sees only its own process namespace, so the pids it prints are not the host's.
 */
export async function jobProcesses(jobId: string): Promise<number[]> {
  const pids = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const environ = await fs.readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`MLPORTAL_JOB_ID=${jobId}`)) found.push(Number(pid));
  }
  return found;
}

/** Polls until no process of the job is left. */
export async function waitForJobProcessesGone(jobId: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const left = await jobProcesses(jobId);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`processes of ${jobId} are still there: ${left.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Job code that waits until the test calls releaseJob. The signal is a file in the job's working folder: the one place
 * a test can write to and a sandboxed job can read.
 */
export const WAIT_FOR_RELEASE = `await new Promise((resolve) => { const t = setInterval(() => { if (require('fs').existsSync('release')) { clearInterval(t); resolve(); } }, 20); });`;

export function releaseJob(server: Pick<TestServer, 'config'>, jobId: string, attempt = 1): void {
  writeFileSync(path.join(new JobLayout(server.config.dataDir).workDir(jobId, attempt), 'release'), '');
}

/** A stand-in nvidia-smi in `dir` (put it first on PATH) that lists `count` GPUs as the real one does. */
export function writeFakeNvidiaSmi(dir: string, count: number): void {
  const lines = Array.from({ length: count }, (_, i) => `${i}, NVIDIA H100 80GB HBM3, 81559 MiB`).join('\n');
  const file = path.join(dir, 'nvidia-smi');
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "${lines.split('\n').join('" "')}"\n`);
  chmodSync(file, 0o755);
}
