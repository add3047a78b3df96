import { Client } from '@mlportal/sdk/core';
import { addModel, matMulModel } from '../../server/registry/testing/onnx-models';
import { defineAirportDelays, expectStatus, ingestRows, tokenWith } from '../../server/testing/features';
import { startTestServer, type TestServer } from '../../server/testing/test-server';
import { ConnectionModel } from '../connection/model';
import { comparisonSections } from './compare';
import { ModelRegistryModel } from './model';
import { stagesOffered } from './permissions';

const MODEL = 'flights-delay';

describe('ModelRegistryModel against a real backend', () => {
  let server: TestServer;
  let trainingSetId: string;
  let engineerToken: string;
  let businessToken: string;
  const models: ModelRegistryModel[] = [];
  const connections: ConnectionModel[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await defineAirportDelays(server);
    expectStatus(
      await ingestRows(server, 'airport_delays', [
        { origin: 'SFO', ts: '2001-06-28T00:00:00.000Z', delay_mean: 5, flights: 100, carrier: 'UA' },
        { origin: 'LAX', ts: '2001-06-28T00:00:00.000Z', delay_mean: 15, flights: 200, carrier: 'AA' }
      ]),
      201
    );
    const admin = new Client({ url: server.url, token: server.adminToken });
    const trainingSet = await admin.features.trainingSet({
      entities: [{ origin: 'SFO', ts: '2001-06-29T00:00:00.000Z' }],
      timestampColumn: 'ts',
      features: ['airport_delays:delay_mean', 'airport_delays:flights']
    });
    trainingSetId = trainingSet.id;
    engineerToken = await tokenWith(server, 'ml-engineer');
    businessToken = await tokenWith(server, 'business');
    const engineer = new Client({ url: server.url, token: engineerToken });
    await engineer.models.register({
      name: MODEL,
      onnx: addModel(),
      description: 'baseline',
      metrics: { rmse: 4.5, r2: 0.8 },
      params: { lr: '0.1' },
      tags: { team: 'flights' },
      card: '# Flights delay\nA **baseline**.',
      runId: null,
      trainingSetId,
      lineage: { notebookPath: 'work/train.ipynb', cellId: 'cell-1', source: 'notebook' }
    });
    await engineer.models.register({
      name: MODEL,
      onnx: matMulModel(),
      metrics: { rmse: 3.9, r2: 0.8 },
      params: { lr: '0.05' },
      runId: null
    });
    await engineer.models.register({ name: 'other-model', onnx: addModel([4, 5, 6]), runId: null });
  });

  afterEach(() => {
    models.splice(0).forEach((model) => model.dispose());
    connections.splice(0).forEach((connection) => connection.dispose());
  });

  afterAll(async () => {
    await server.stop();
  });

  async function registry(token: string): Promise<ModelRegistryModel> {
    const connection = new ConnectionModel({ backendUrl: server.url, token, pollIntervalSeconds: 0 });
    connections.push(connection);
    await connection.refresh();
    const model = new ModelRegistryModel(connection, { typingDelayMs: 0 });
    models.push(model);
    return model;
  }

  it('lists and searches models, opens one with its versions, and a version with its signature and lineage', async () => {
    const model = await registry(businessToken);
    await model.start();
    expect(model.state.list).toMatchObject({ loading: false, problem: null, done: true });
    expect(model.state.list.models.map((m) => m.name).sort()).toEqual([MODEL, 'other-model']);
    model.setQuery('flights');
    await model.search();
    expect(model.state.list.models.map((m) => m.name)).toEqual([MODEL]);

    await model.openModel(MODEL);
    const page = model.state.page!;
    expect(page).toMatchObject({ kind: 'model', name: MODEL, loading: false, problem: null, model: { versionCount: 2 } });
    expect(page.kind === 'model' && page.versions.map((v) => [v.version, v.stage])).toEqual([
      [2, 'none'],
      [1, 'none']
    ]);

    await model.openVersion(MODEL, 1);
    const version = model.state.page!;
    if (version.kind !== 'version') throw new Error(`expected a version page, got ${version.kind}`);
    expect(version.problem).toBeNull();
    expect(version.detail!.artifact.signature.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['batch', 3] }]);
    expect(version.detail!.metrics).toEqual({ rmse: 4.5, r2: 0.8 });
    expect(version.detail!.lineage).toMatchObject({ notebookPath: 'work/train.ipynb', cellId: 'cell-1', trainingSetId });
    expect(version.lineage!.features.map((feature) => feature.reference).sort()).toEqual([
      'airport_delays@v1:delay_mean',
      'airport_delays@v1:flights'
    ]);
  });

  it('compares two versions and flags what differs', async () => {
    const model = await registry(businessToken);
    await model.openModel(MODEL);
    model.setCompared(2, true);
    model.setCompared(1, true);
    await model.openCompare(MODEL);
    const page = model.state.page!;
    if (page.kind !== 'compare') throw new Error(`expected a compare page, got ${page.kind}`);
    expect(page.versions).toEqual([1, 2]);
    const sections = Object.fromEntries(comparisonSections(page.comparison!).map((section) => [section.title, section.rows]));
    expect(sections.Metrics).toEqual(
      expect.arrayContaining([
        { key: 'rmse', label: 'rmse', values: ['4.5', '3.9'], differs: true },
        { key: 'r2', label: 'r2', values: ['0.8', '0.8'], differs: false }
      ])
    );
    expect(sections.Params).toEqual([{ key: 'lr', label: 'lr', values: ['0.1', '0.05'], differs: true }]);
    expect(sections.Signature).toContainEqual({
      key: 'output Y',
      label: 'output Y',
      values: ['float32 [batch, 3]', 'float32 [batch, 1]'],
      differs: true
    });
    expect(sections.Lineage).toContainEqual({ key: 'notebook', label: 'notebook', values: ['work/train.ipynb', '—'], differs: true });
  });

  it('lets an ml-engineer promote to staging and set an alias, but not touch production', async () => {
    const model = await registry(engineerToken);
    expect(model.state.permissions).toEqual({ register: true, promote: true, promoteProduction: false });
    expect(stagesOffered(model.state.permissions, 'none')).toEqual(['staging', 'archived']);
    await model.openVersion(MODEL, 2);

    expect(await model.transition('staging', { archiveExisting: true })).toBe(true);
    expect(model.state.action).toEqual({ busy: false, problem: null, stale: false, done: 'Version 2 moved from none to staging.' });
    const page = model.state.page!;
    expect(page.kind === 'version' && page.detail!.stage).toBe('staging');

    expect(await model.setAlias('challenger')).toBe(true);
    expect(model.state.page!.kind === 'version' && (model.state.page as any).detail.aliases).toEqual(['challenger']);
    expect(await model.deleteAlias('challenger')).toBe(true);
    expect((model.state.page as any).detail.aliases).toEqual([]);

    // The sidebar offers no production move; the backend refuses one all the same, naming the permission.
    expect(await model.transition('production')).toBe(false);
    expect(model.state.action.problem!.status).toBe(403);
    expect(model.state.action.problem!.message).toContain('models:promote-production');
    expect((model.state.page as any).detail.stage).toBe('staging');
  });

  it('refuses a change made on a stale page with 409 and shows the current state after Reload', async () => {
    const first = await registry(engineerToken);
    const second = await registry(engineerToken);
    await first.openVersion(MODEL, 1);
    await second.openVersion(MODEL, 1);

    expect(await first.transition('archived')).toBe(true);
    expect(await second.transition('staging')).toBe(false);
    expect(second.state.action.stale).toBe(true);
    expect(second.state.action.problem!.message).toBe(
      `Moving version 1 of ${MODEL} to staging was refused: someone changed it since this page was read (409 stale revision). Reload to see the current state, then try again.`
    );
    // Still the state the user acted on, until they reload.
    expect((second.state.page as any).detail.stage).toBe('none');

    await second.reload();
    expect(second.state.action).toMatchObject({ stale: false, problem: null });
    expect((second.state.page as any).detail.stage).toBe('archived');
  });

  it('gives the business role read access only', async () => {
    const model = await registry(businessToken);
    expect(model.state.permissions).toEqual({ register: false, promote: false, promoteProduction: false });
    await model.openVersion(MODEL, 2);
    expect(await model.setAlias('champion')).toBe(false);
    expect(model.state.action.problem).toMatchObject({ status: 403 });
    expect(model.state.action.problem!.message).toContain('models:promote');
  });

  it('says what is wrong when a model is missing', async () => {
    const model = await registry(businessToken);
    await model.openModel('no-such-model');
    expect(model.state.page!.problem!.message).toMatch(/^Reading the model no-such-model failed: not found \(404\)\./);
  });
});
