/**
 * Local jobs are kept from the backend, as an attacker with job submission would probe it: a data
 * analyst's job cannot read the data directory (database, admin token), the backend's process or its
 * environment, runs as an unprivileged user, writes only its own folders, and its token cannot make
 * an admin. Memory and CPU are held to what the job asked for; logs need jobs:read-logs; where jobs
 * cannot be isolated only trusted roles may submit; finished jobs' folders are removed after the
 * retention period.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { call, expectStatus, tokenWith } from '../testing/features';
import { jobLogs, nodeJob, submitJob, waitForEnd, waitForLog } from '../testing/jobs';
import { startTestServer, type TestServer } from '../testing/test-server';

const CANARY = 'canary-secret-of-the-backend';
const repoRoot = path.resolve(__dirname, '../..');

let server: TestServer;

beforeAll(async () => {
  // What a backend's environment holds beside its own settings (cloud keys, proxy passwords): a job must not inherit it.
  process.env.AWS_SECRET_ACCESS_KEY = CANARY;
  server = await startTestServer({ env: { MLPORTAL_JOB_RETENTION_DAYS: '0' } });
});

afterAll(async () => {
  delete process.env.AWS_SECRET_ACCESS_KEY;
  await server.stop();
});

/** Runs `code` as a job submitted with `token`; answers the job and the JSON line it printed last. */
async function probe(code: string, token: string, extra: Record<string, unknown> = {}): Promise<{ job: any; seen: any }> {
  const submitted = await submitJob(
    server,
    { name: 'probe', command: nodeJob(`(async () => { ${code} })().catch((e) => { console.error(e); process.exit(1); });`), ...extra },
    token
  );
  const job = await waitForEnd(server, submitted.id);
  const lines = (await jobLogs(server, job.id)).split('\n').filter((line) => line.startsWith('{'));
  return { job, seen: lines.length > 0 ? JSON.parse(lines[lines.length - 1]) : undefined };
}

describe('local jobs are isolated from the backend', () => {
  it('says at start how jobs are isolated', () => {
    expect(server.logText()).toContain('local jobs run in a bubblewrap sandbox');
  });

  it("gives a data analyst's job no way to the data directory, the backend's process or environment, or admin", async () => {
    const analyst = await tokenWith(server, 'data-analyst');
    const dataDir = server.config.dataDir;
    const code = `
      const fs = require('fs');
      const attempt = (fn) => { try { return fn(); } catch (e) { return e.code; } };
      const created = await fetch(process.env.MLPORTAL_URL + '/api/v1/auth/tokens', {
        method: 'POST', headers: { Authorization: 'Bearer ' + process.env.MLPORTAL_TOKEN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'mine', roles: ['admin'] })
      });
      console.log(JSON.stringify({
        uid: process.getuid(),
        envKeys: Object.keys(process.env).sort(),
        canary: Object.values(process.env).includes(${JSON.stringify(CANARY)}),
        dataDir: attempt(() => fs.readdirSync(${JSON.stringify(dataDir)})),
        database: attempt(() => fs.readFileSync(${JSON.stringify(path.join(dataDir, 'mlportal.sqlite'))}).length),
        backendEnviron: attempt(() => fs.readFileSync('/proc/${process.pid}/environ', 'utf8').length),
        processes: fs.readdirSync('/proc').filter((name) => /^\\d+$/.test(name)).length,
        writeCheckout: attempt(() => fs.writeFileSync(${JSON.stringify(path.join(repoRoot, 'job-was-here'))}, 'x')),
        writeOutputs: attempt(() => fs.writeFileSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'ok.txt'), 'x')),
        tmp: process.env.TMPDIR,
        adminToken: created.status
      }));`;
    const { job, seen } = await probe(code, analyst);
    expect(job.state).toBe('succeeded');
    if (process.getuid?.() === 0) expect(seen.uid).not.toBe(0);
    expect(seen.canary).toBe(false);
    expect(
      seen.envKeys.filter(
        (key: string) =>
          !/^(LC_.*|PATH|LANG|LANGUAGE|TZ|TERM|HOME|PWD|TMPDIR|NODE_PATH|CUDA_VISIBLE_DEVICES|NVIDIA_VISIBLE_DEVICES|MLPORTAL_(URL|TOKEN|RUN_ID|JOB_ID|JOB_ATTEMPT|OUTPUT_DIR))$/.test(
            key
          )
      )
    ).toEqual([]);
    // The data directory is an empty folder but for the job's own folders on the way to them.
    expect(seen.dataDir).toEqual(['jobs']);
    expect(seen.database).toBe('ENOENT');
    expect(seen.backendEnviron).toBe('ENOENT');
    expect(seen.processes).toBeLessThanOrEqual(3);
    expect(['EROFS', 'EACCES']).toContain(seen.writeCheckout);
    expect(existsSync(path.join(repoRoot, 'job-was-here'))).toBe(false);
    expect(seen.writeOutputs).toBeUndefined();
    expect(seen.tmp).toBe('/tmp');
    expect(seen.adminToken).toBe(403);
  });

  it('reaches its own folders when the data directory lies in a folder closed to others inside the checkout', async () => {
    mkdirSync(path.join(repoRoot, '.mlportal-test'), { recursive: true });
    const closed = mkdtempSync(path.join(repoRoot, '.mlportal-test', 'closed-'));
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    const inner = await startTestServer({ env: { MLPORTAL_DATA_DIR: path.join(closed, 'data') } });
    try {
      const code = `require('fs').writeFileSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'out.txt'), process.cwd())`;
      const job = await waitForEnd(inner, (await submitJob(inner, { name: 'closed parent', command: nodeJob(code) })).id);
      expect(job.state).toBe('succeeded');
      const listed = expectStatus(await call(inner, 'GET', `/api/v1/runs/${job.runId}/artifacts`), 200).files;
      expect(listed).toEqual([{ path: 'out.txt', isDir: false, size: expect.any(Number) }]);
    } finally {
      await inner.stop();
      rmSync(closed, { recursive: true, force: true });
    }
  });

  it('stops a job that uses more memory than it asked for, naming the limit', async () => {
    const code = `const hold = []; for (let i = 0; i < 40; i++) { hold.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 25)); } console.log('survived');`;
    const { job } = await probe(code, server.adminToken, { resources: { gpus: 0, memory: '128Mi' } });
    expect(job.state).toBe('failed');
    expect(job.reason).toMatch(/^stopped: it used \d+ MiB of memory, over its limit of 128 MiB$/);
    expect(await jobLogs(server, job.id)).not.toContain('survived');
  });

  it('holds a busy job to the CPU share it asked for', async () => {
    // Spins for 3 s of wall time; unthrottled that is about 3 s of CPU time on a free core.
    const code = `const start = Date.now(); while (Date.now() - start < 3000) {} const { user, system } = process.cpuUsage(); console.log(JSON.stringify({ cpuSeconds: (user + system) / 1e6 }));`;
    const { job, seen } = await probe(code, server.adminToken, { resources: { gpus: 0, cpu: 0.25 } });
    expect(job.state).toBe('succeeded');
    // A quarter of a core for 3 s is 0.75 s; the first sample and Node's start-up add a little.
    expect(seen.cpuSeconds).toBeLessThan(1.3);
  });

  it('shows job logs only to roles that may read them', async () => {
    const { job } = await probe(`console.log(JSON.stringify({ row: 42 }))`, server.adminToken);
    const business = await tokenWith(server, 'business');
    const refused = expectStatus(await call(server, 'GET', `/api/v1/jobs/${job.id}/logs`, undefined, business), 403);
    expect(refused.error.message).toContain('jobs:read-logs');
    expect(expectStatus(await call(server, 'GET', `/api/v1/jobs/${job.id}`, undefined, business), 200).state).toBe('succeeded');
    const engineer = await tokenWith(server, 'ml-engineer');
    expect((await server.request(`/api/v1/jobs/${job.id}/logs`, { token: engineer })).status).toBe(200);
  });

  it("removes a finished job's folders after the retention period, keeping its log", async () => {
    const { job } = await probe(`require('fs').writeFileSync('scratch.bin', 'x'); console.log('wrote')`, server.adminToken);
    const attemptDir = server.services.jobs.layout.attemptDir(job.id, 1);
    expect(existsSync(path.join(attemptDir, 'work', 'scratch.bin'))).toBe(true);
    const running = await submitJob(server, { name: 'still running', command: nodeJob(`console.log('up'); setInterval(() => {}, 1000);`) });
    await waitForLog(server, running.id, 'up');
    expect(await server.services.jobs.sweepFinishedJobFolders()).toBeGreaterThanOrEqual(1);
    expect(existsSync(attemptDir)).toBe(false);
    expect(existsSync(server.services.jobs.layout.workDir(running.id, 1))).toBe(true);
    expect(await jobLogs(server, job.id)).toContain('wrote');
    expectStatus(await call(server, 'POST', `/api/v1/jobs/${running.id}/cancel`), 200);
    await waitForEnd(server, running.id);
  });
});

describe('where jobs cannot be isolated', () => {
  it('lets only trusted roles submit, and says why to the others', async () => {
    const unsafe = await startTestServer({ env: { MLPORTAL_JOB_ISOLATION: 'none', MLPORTAL_TRUSTED_JOB_ROLES: 'admin,ml-engineer' } });
    try {
      expect(unsafe.logText()).toContain('local jobs are NOT isolated (MLPORTAL_JOB_ISOLATION=none)');
      const analyst = await tokenWith(unsafe, 'data-analyst');
      const refused = expectStatus(
        await call(unsafe, 'POST', '/api/v1/jobs', { name: 'x', image: 'node:20', command: nodeJob('1') }, analyst),
        403
      );
      expect(refused.error.code).toBe('jobs_not_isolated');
      expect(refused.error.message).toMatch(/only admin, ml-engineer may submit them \(MLPORTAL_TRUSTED_JOB_ROLES\)/);
      const engineer = await tokenWith(unsafe, 'ml-engineer');
      expect((await waitForEnd(unsafe, (await submitJob(unsafe, { name: 'trusted', command: nodeJob('1') }, engineer)).id)).state).toBe(
        'succeeded'
      );
      expect(expectStatus(await call(unsafe, 'GET', '/api/v1/jobs?maxResults=1000'), 200).jobs).toHaveLength(1);
    } finally {
      await unsafe.stop();
    }
  });

  it('refuses to start with MLPORTAL_JOB_ISOLATION=sandbox when bubblewrap is missing', async () => {
    const originalPath = process.env.PATH;
    process.env.PATH = path.join(server.config.dataDir, 'no-programs-here');
    try {
      await expect(startTestServer({ env: { MLPORTAL_JOB_ISOLATION: 'sandbox' } })).rejects.toThrow(
        'MLPORTAL_JOB_ISOLATION=sandbox, but jobs cannot be sandboxed here: bubblewrap (bwrap) is not installed'
      );
    } finally {
      process.env.PATH = originalPath;
    }
  });
});
