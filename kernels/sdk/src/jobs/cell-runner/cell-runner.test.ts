/**
 * The cell runner for real: notebook cells encoded as a job's args, run by the exact command the
 * extension submits, on the local executor of a real backend, logging to the job's run through the
 * SDK with no configuration. Needs the SDK compiled (kernels/sdk/lib), as the tslab kernel does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '../../client';
import { startTestServer, type TestServer } from '../../../../../server/testing/test-server';
import { cellJob, DEFAULT_CELL_IMAGES, PYTHON_RUNNER_COMMAND, SDK_VERSION, TYPESCRIPT_RUNNER_COMMAND } from './commands';
import { CELL_ARG_CHARS, CELL_PAYLOAD_MAX_CHARS, CellCodeTooLargeError, decodeCells, encodeCells } from './payload';

const repoRoot = path.resolve(__dirname, '../../../../..');

describe('cell payloads', () => {
  it('round-trip any text, split into args the jobs API accepts', () => {
    const cells = ['const ü = "naïve ☃ 😀";', 'x'.repeat(3 * CELL_ARG_CHARS), ''];
    const args = encodeCells(cells);
    expect(args.length).toBeGreaterThan(3);
    expect(args.every((arg) => arg.length <= CELL_ARG_CHARS && !arg.startsWith('-'))).toBe(true);
    expect(decodeCells(args)).toEqual(cells);
  });

  it('refuse code past the limit, and args that are not a payload, saying what is wrong', () => {
    const tooLarge = () => encodeCells(['y'.repeat(CELL_PAYLOAD_MAX_CHARS)]);
    expect(tooLarge).toThrow(CellCodeTooLargeError);
    expect(tooLarge).toThrow(/at most 1024 KiB/);
    expect(() => decodeCells([])).toThrow(/no code was given/);
    expect(() => decodeCells(['not base64!'])).toThrow(/not the base64 of/);
    expect(() => decodeCells([btoa('{"cells": [1]}')])).toThrow(/no "cells" list of strings/);
  });

  it('name the tslab runtime image after the SDK version', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'kernels/sdk/package.json'), 'utf8'));
    expect(SDK_VERSION).toBe(pkg.version);
    expect(cellJob('typescript', ['1']).image).toBe(`ghcr.io/mlportal/tslab-runtime:${pkg.version}`);
    expect(cellJob('python', ['1'], { image: ' python:3.12 ' })).toMatchObject({
      image: 'python:3.12',
      command: PYTHON_RUNNER_COMMAND,
      env: { PYTHONUNBUFFERED: '1' }
    });
    expect(DEFAULT_CELL_IMAGES.python).toBe('python:3.11-slim');
    expect(() => cellJob('python', [])).toThrow(/no code to submit/);
  });
});

describe('cell jobs on the local executor', () => {
  let server: TestServer;
  let dataDir: string;
  let client: Client;

  beforeAll(async () => {
    // Outside the checkout (the UI test runs one inside it): the job's node finds @mlportal/sdk through the
    // NODE_PATH the local executor sets, and tslab's type check through the runner's module root.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'mlportal-cell-runner-'));
    server = await startTestServer({ env: { MLPORTAL_DATA_DIR: dataDir } });
    client = new Client({ url: server.url, token: server.adminToken });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function logsOf(jobId: string): Promise<string> {
    return client.jobs.logs(jobId);
  }

  it('runs TypeScript cells as tslab does: top-level await, the last value printed, metrics on the job’s run', async () => {
    const setup = "import { runs } from '@mlportal/sdk';\nconst epochs: number = 3;";
    const train = [
      'let loss = 1;',
      'for (let epoch = 1; epoch <= epochs; epoch++) {',
      '  loss = loss / 2;',
      '  await runs.logMetrics({ loss }, { step: epoch });',
      '  console.log(`epoch ${epoch} loss ${loss}`);',
      '}',
      '`trained: ${loss}`'
    ].join('\n');
    const spec = cellJob('typescript', [setup, train]);
    expect(spec.command).toEqual(TYPESCRIPT_RUNNER_COMMAND);
    const submitted = await client.jobs.submit({ name: 'cell job', ...spec });
    const job = await client.jobs.wait(submitted.id, { pollMs: 100, timeoutMs: 60_000 });
    const log = await logsOf(job.id);
    expect({ state: job.state, reason: job.reason }).toEqual({ state: 'succeeded', reason: undefined });
    expect(log).toContain('epoch 1 loss 0.5\nepoch 2 loss 0.25\nepoch 3 loss 0.125\n');
    expect(log).toContain('epoch 3 loss 0.125\ntrained: 0.125\n');
    const run = await client.runs.get(job.runId);
    expect(run.metrics.loss).toMatchObject({ value: 0.125, step: 3 });
  });

  it('fails the job at the first cell that does not compile, with tslab’s diagnostic, running nothing after it', async () => {
    const spec = cellJob('typescript', ["console.log('first ran');", "const n: number = 'text';", "console.log('third ran');"]);
    const job = await client.jobs.wait((await client.jobs.submit({ name: 'bad cell', ...spec })).id, { pollMs: 100, timeoutMs: 60_000 });
    const log = await logsOf(job.id);
    expect(job).toMatchObject({ state: 'failed', reason: 'exit code 1' });
    expect(log).toContain('first ran');
    expect(log).toContain("1:7 - Type 'string' is not assignable to type 'number'.");
    expect(log).toContain('mlportal cell runner: cell 2 of 3 failed');
    expect(log).not.toContain('third ran');
  });

  it('runs Python cells in one namespace and fails with the traceback naming the cell', async () => {
    const good = cellJob('python', ['import math\nvalue = math.sqrt(16)', 'print("value", value)']);
    const succeeded = await client.jobs.wait((await client.jobs.submit({ name: 'python cells', ...good })).id, {
      pollMs: 100,
      timeoutMs: 60_000
    });
    expect(succeeded.state).toBe('succeeded');
    expect(await logsOf(succeeded.id)).toContain('value 4.0\n');

    const bad = cellJob('python', ['x = 1', 'raise ValueError("bad data")']);
    const failed = await client.jobs.wait((await client.jobs.submit({ name: 'python failure', ...bad })).id, {
      pollMs: 100,
      timeoutMs: 60_000
    });
    expect(failed).toMatchObject({ state: 'failed', reason: 'exit code 1' });
    const log = await logsOf(failed.id);
    expect(log).toContain('File "<cell 2>", line 1');
    expect(log).toContain('ValueError: bad data');
  });

  it('exits 2 naming the problem when the args carry no cells', () => {
    const ran = spawnSync(TYPESCRIPT_RUNNER_COMMAND[0], [...TYPESCRIPT_RUNNER_COMMAND.slice(1), 'bm90IGpzb24='], {
      cwd: repoRoot,
      encoding: 'utf8'
    });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain("mlportal cell runner: the cell runner's args are not the base64 of");
  });
});
