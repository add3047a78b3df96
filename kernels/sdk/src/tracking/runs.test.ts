/**
 * The runs API against the real backend (SQLite, HTTP on 127.0.0.1): a run's life from start to
 * finish, search, artifacts, and the lineage from a training set built during the run to the model
 * registered from it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { addModel } from '../../../../server/registry/testing/onnx-models';
import { defineAirportDelays, ingestRows } from '../../../../server/testing/features';
import { rejectionOf } from '../../../../server/testing/rejection';
import { makeTempDir, type TempDir } from '../../../../server/testing/temp-dir';
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { featuresOf, modelsOf, runs as envRuns, runsOf } from '../env';
import { MlportalApiError, MlportalError } from '../errors';
import type { NodeFeaturesApi } from '../features/files';
import type { NodeModelsApi } from '../registry/files';
import type { NodeRunsApi } from './files';

function headCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const failure = (promise: Promise<unknown>): Promise<MlportalError> => rejectionOf(promise, MlportalError);

describe('the runs API against the backend', () => {
  let server: TestServer;
  let dir: TempDir;
  let runs: NodeRunsApi;
  let reader: NodeRunsApi;
  let features: NodeFeaturesApi;
  let models: NodeModelsApi;

  beforeAll(async () => {
    server = await startTestServer();
    dir = makeTempDir('sdk-runs');
    const clientFor = async (role: 'ml-engineer' | 'business') =>
      new Client({ url: server.url, token: (await server.tokens.create({ name: role, roles: [role], createdBy: 'test' })).token });
    const engineer = await clientFor('ml-engineer');
    runs = runsOf(engineer);
    features = featuresOf(engineer);
    models = modelsOf(engineer);
    reader = runsOf(await clientFor('business'));
  });

  afterEach(async () => {
    // The active run is the process's: a test that fails midway must not hand its run to the next.
    const left = runs.active();
    if (left) await runs.finish('KILLED', left);
  });

  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('starts a run in a named experiment, created when missing, with the origin it detects, and makes it active', async () => {
    const run = await runs.start({ experiment: 'flights delay', name: 'baseline', tags: { team: 'ops' } });
    expect(run.info).toMatchObject({ status: 'RUNNING', name: 'baseline', tags: { team: 'ops' }, origin: { source: 'sdk' } });
    expect(run.info.origin.gitCommit).toBe(headCommit());
    expect(run.id).toMatch(/^[0-9a-f]{32}$/);
    expect(runs.active()).toBe(run);

    const experiment = await reader.get(run).then((r) => r.experimentId);
    const again = await runs.start({ experiment: 'flights delay' });
    expect(again.experimentId).toBe(experiment);
    expect(runs.active()).toBe(again);
  });

  it('records the notebook path the extension or Jupyter gives the kernel', async () => {
    const saved = process.env.MLPORTAL_NOTEBOOK_PATH;
    process.env.MLPORTAL_NOTEBOOK_PATH = 'examples/model-registry.ipynb';
    try {
      const run = await runs.start({ origin: { cellId: 'cell-3' } });
      expect(run.info.origin).toMatchObject({ notebookPath: 'examples/model-registry.ipynb', cellId: 'cell-3', source: 'notebook' });
      expect(run.experimentId).toBe('0');
    } finally {
      if (saved === undefined) delete process.env.MLPORTAL_NOTEBOOK_PATH;
      else process.env.MLPORTAL_NOTEBOOK_PATH = saved;
    }
  });

  it('logs params, metrics by step and tags to the active run, keeping the latest value per metric and its history', async () => {
    const run = await runs.start({ experiment: 'logging' });
    await runs.logParams({ lr: 0.01, deep: false, solver: 'adam' });
    await runs.logMetrics({ loss: 0.9, auc: 0.61 }, { step: 0 });
    await run.logMetrics({ loss: 0.4 }, { step: 2 });
    await runs.logMetrics([{ key: 'loss', value: 0.6, step: 1 }]);
    const tagged = await run.setTags({ stage: 'exploration' });

    expect(tagged.params).toEqual({ lr: '0.01', deep: 'false', solver: 'adam' });
    expect(tagged.metrics.loss).toMatchObject({ value: 0.4, step: 2 });
    expect(tagged.tags).toMatchObject({ stage: 'exploration' });
    expect(run.info).toEqual(tagged);
    expect((await reader.metricHistory('loss', run)).history.map((p) => [p.step, p.value])).toEqual([
      [0, 0.9],
      [1, 0.6],
      [2, 0.4]
    ]);
  });

  it('accepts a param logged again with the same value and refuses another value with a 409 naming the key', async () => {
    const run = await runs.start({ experiment: 'logging' });
    await run.logParams({ lr: 0.01 });
    await expect(run.logParams({ lr: '0.01' })).resolves.toMatchObject({ params: { lr: '0.01' } });
    const conflict = (await failure(run.logParams({ lr: 0.1, epochs: 3 }))) as MlportalApiError;
    expect(conflict).toMatchObject({ status: 409 });
    expect(conflict.message).toContain('lr');
    expect((await reader.get(run)).params).toEqual({ lr: '0.01' });
  });

  it('sends logs beyond the per-call limits in several calls', async () => {
    const run = await runs.start({ experiment: 'logging' });
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i]));
    const metrics = Array.from({ length: 1500 }, (_, step) => ({ key: 'curve', value: step / 1500, step }));
    const logged = await runs.log({ params, metrics }, run);
    expect(Object.keys(logged.params)).toHaveLength(150);
    expect(logged.metrics.curve).toMatchObject({ step: 1499 });
    expect((await runs.metricHistory('curve')).history).toHaveLength(1500);
  });

  it('finishes the run, which stops being active', async () => {
    const run = await runs.start({ experiment: 'logging' });
    const finished = await run.finish();
    expect(finished.status).toBe('FINISHED');
    expect(Date.parse(finished.endTime ?? '')).toBeGreaterThanOrEqual(Date.parse(finished.startTime));
    expect(runs.active()).toBeUndefined();
    await expect(runs.logMetrics({ auc: 1 })).rejects.toThrow('no run is active: start one with runs.start(), or pass the run to log to');
    expect((await runs.finish('FAILED', run)).status).toBe('FAILED');
  });

  it('searches runs with filters, sorted and paged', async () => {
    const logged: Array<{ id: string; auc: number }> = [];
    for (const [auc, lr] of [
      [0.85, '0.01'],
      [0.95, '0.01'],
      [0.9, '0.1'],
      [0.7, '0.01']
    ] as const) {
      const run = await runs.start({ experiment: 'search' });
      await run.logParams({ lr });
      await run.logMetrics({ auc });
      await run.finish();
      logged.push({ id: run.id, auc });
    }
    const idOf = (auc: number) => logged.find((r) => r.auc === auc)?.id;
    const found = await reader.search({
      experiment: 'search',
      filter: "metrics.auc > 0.8 and params.lr = '0.01'",
      orderBy: 'metrics.auc DESC'
    });
    expect(found.runs.map((r) => r.id)).toEqual([idOf(0.95), idOf(0.85)]);

    const first = await reader.search({ experiment: ['search'], orderBy: ['metrics.auc ASC'], maxResults: 3 });
    expect(first.runs.map((r) => r.metrics.auc.value)).toEqual([0.7, 0.85, 0.9]);
    expect(first.nextPageToken).toBeTruthy();
    const second = await reader.search({ experiment: 'search', orderBy: 'metrics.auc ASC', maxResults: 3, pageToken: first.nextPageToken });
    expect(second.runs.map((r) => r.metrics.auc.value)).toEqual([0.95]);

    await expect(reader.search({ experiment: 'no such experiment' })).rejects.toThrow('no experiment is named "no such experiment"');
    const badFilter = (await failure(reader.search({ filter: 'metrics.auc >> 1' }))) as MlportalApiError;
    expect(badFilter.status).toBe(400);
  });

  it('uploads, lists and downloads artifacts, bytes and files, and refuses a path leaving the run', async () => {
    const run = await runs.start({ experiment: 'artifacts' });
    const stored = await run.uploadArtifact('plots/roc.json', '{"auc":0.9}');
    expect(stored).toMatchObject({ path: 'plots/roc.json', size: 11 });
    const file = path.join(dir.path, 'notes.txt');
    writeFileSync(file, 'trained on airport delays\n');
    await expect(runs.uploadArtifactFile(file)).resolves.toMatchObject({ path: 'notes.txt', size: 26 });

    expect((await reader.listArtifacts(undefined, run)).map((f) => [f.path, f.isDir])).toEqual([
      ['notes.txt', false],
      ['plots', true]
    ]);
    expect((await reader.listArtifacts('plots', run)).map((f) => f.path)).toEqual(['plots/roc.json']);
    expect(new TextDecoder().decode(await reader.downloadArtifact('plots/roc.json', run))).toBe('{"auc":0.9}');
    await expect(run.uploadArtifact('../escape.txt', 'x')).rejects.toThrow(
      'artifact path "../escape.txt" is not allowed: it contains ".."'
    );
  });

  it('records the training set built during the run, and a model registered from it reaches back to its features', async () => {
    await defineAirportDelays(server);
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: '2024-01-01T00:00:00Z', delay_mean: 4.5, flights: 10, carrier: 'UA' },
      { origin: 'LAX', ts: '2024-01-01T00:00:00Z', delay_mean: 7.5, flights: 12, carrier: 'AA' }
    ]);
    const run = await runs.start({ experiment: 'lineage' });
    const set = await features.trainingSet({
      entities: [
        { origin: 'SFO', at: '2024-01-02T00:00:00Z' },
        { origin: 'LAX', at: '2024-01-02T00:00:00Z' }
      ],
      timestampColumn: 'at',
      features: ['airport_delays:delay_mean', 'airport_delays:flights']
    });
    expect((await reader.get(run)).origin.trainingSetId).toBe(set.id);
    await run.logParams({ model: 'add' });
    await run.logMetrics({ rmse: 2.5 });

    const version = await models.register({ name: 'airport-delay', onnx: addModel() });
    expect(version.lineage).toMatchObject({ runId: run.id, experimentId: run.experimentId, trainingSetId: set.id });
    expect(version.lineage.features.map((f) => f.reference).sort()).toEqual(['airport_delays@v1:delay_mean', 'airport_delays@v1:flights']);
    expect(version.metrics).toEqual({ rmse: 2.5 });
    const lineage = await models.lineage('airport-delay', version.version);
    expect(lineage.run?.id).toBe(run.id);
    expect(lineage.trainingSet?.id).toBe(set.id);
    expect((await models.usingFeature('airport_delays', 'delay_mean')).models).toEqual([
      { model: 'airport-delay', version: 1, stage: 'none', trainingSetId: set.id }
    ]);
  });

  it('lets a business token read runs but not start them, naming the permission', async () => {
    const refused = (await failure(reader.start({ experiment: 'logging' }))) as MlportalApiError;
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('experiments:write');
  });

  it('is reachable as the module-level runs, reading MLPORTAL_URL and MLPORTAL_TOKEN at each call', async () => {
    const saved = { url: process.env.MLPORTAL_URL, token: process.env.MLPORTAL_TOKEN };
    try {
      process.env.MLPORTAL_URL = server.url;
      process.env.MLPORTAL_TOKEN = server.adminToken;
      const run = await envRuns.start({ experiment: 'env' });
      expect((await envRuns.finish()).id).toBe(run.id);
    } finally {
      for (const [name, value] of [
        ['MLPORTAL_URL', saved.url],
        ['MLPORTAL_TOKEN', saved.token]
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
