/**
 * Lineage both ways, from a real training set built by the feature store: version → training set →
 * features (with group versions), and feature → the model versions trained on it.
 */
import { call, defineAirportDelays, expectStatus, ingestRows } from '../../testing/features';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { addModel } from '../testing/onnx-models';
import { registerVersion } from '../../testing/registry';

let server: TestServer;
let trainingSet: any;

const at = (day: number) => `2001-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

beforeAll(async () => {
  server = await startTestServer();
  await defineAirportDelays(server);
  expectStatus(
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: at(1), delay_mean: 10, flights: 1, carrier: 'UA' },
      { origin: 'JFK', ts: at(2), delay_mean: 5, flights: 4, carrier: 'B6' }
    ]),
    201
  );
  trainingSet = expectStatus(
    await call(server, 'POST', '/api/v1/features/training-sets', {
      name: 'delays',
      entities: {
        rows: [
          { origin: 'SFO', event_at: at(3), label: 1 },
          { origin: 'JFK', event_at: at(3), label: 0 }
        ]
      },
      timestampColumn: 'event_at',
      features: ['airport_delays:delay_mean', 'airport_delays:flights']
    }),
    201
  );
});

afterAll(async () => {
  await server.stop();
});

describe('lineage', () => {
  it('reaches from a version back to its training set and features, with their group versions', async () => {
    const version = await registerVersion(server, 'delay-model', addModel(), {
      trainingSetId: trainingSet.id,
      lineage: { gitCommit: 'abc123' }
    });
    expect(version.lineage).toEqual({
      trainingSetId: trainingSet.id,
      features: [
        { group: 'airport_delays', version: 1, feature: 'delay_mean', reference: 'airport_delays@v1:delay_mean' },
        { group: 'airport_delays', version: 1, feature: 'flights', reference: 'airport_delays@v1:flights' }
      ],
      gitCommit: 'abc123'
    });
    const lineage = expectStatus(await call(server, 'GET', '/api/v1/models/delay-model/versions/1/lineage'), 200);
    expect(lineage.version.version).toBe(1);
    expect(lineage.trainingSet).toMatchObject({ id: trainingSet.id, name: 'delays', rowCount: 2 });
    expect(lineage.features.map((f: any) => f.reference)).toEqual(['airport_delays@v1:delay_mean', 'airport_delays@v1:flights']);
    expect(lineage.run).toBeUndefined();
  });

  it('derives lineage, metrics and params from a run, and the training set from its origin', async () => {
    const run = expectStatus(
      await call(server, 'POST', '/api/v1/runs', {
        name: 'train',
        origin: { notebookPath: 'delays.ipynb', cellId: 'cell-7', trainingSetId: trainingSet.id, source: 'sdk' }
      }),
      201
    );
    expectStatus(
      await call(server, 'POST', `/api/v1/runs/${run.id}/log`, {
        params: { lr: 0.1, depth: 3 },
        metrics: [
          { key: 'val.auc', value: 0.7, step: 0 },
          { key: 'val.auc', value: 0.8, step: 1 }
        ]
      }),
      200
    );
    const version = await registerVersion(server, 'run-model', addModel([6, 6, 6]), { runId: run.id, lineage: { gitCommit: 'def456' } });
    expect(version.metrics).toEqual({ 'val.auc': 0.8 });
    expect(version.params).toEqual({ lr: '0.1', depth: '3' });
    expect(version.lineage).toMatchObject({
      runId: run.id,
      experimentId: run.experimentId,
      trainingSetId: trainingSet.id,
      notebookPath: 'delays.ipynb',
      cellId: 'cell-7',
      source: 'sdk',
      gitCommit: 'def456'
    });
    expect(version.lineage.features).toHaveLength(2);
    const lineage = expectStatus(await call(server, 'GET', `/api/v1/models/run-model/versions/${version.version}/lineage`), 200);
    expect(lineage.run).toMatchObject({ id: run.id, params: { lr: '0.1', depth: '3' } });
    expect(lineage.trainingSet.id).toBe(trainingSet.id);
    // Metrics given explicitly win over the run's.
    const explicit = await registerVersion(server, 'run-model', addModel([6, 6, 7]), { runId: run.id, metrics: { 'val.auc': 0.99 } });
    expect(explicit.metrics).toEqual({ 'val.auc': 0.99 });
  });

  it('reaches from a feature forward to the model versions trained on it, and Feature Discovery lists them', async () => {
    await registerVersion(server, 'delay-model', addModel([3, 3, 3]), { trainingSetId: trainingSet.id });
    await registerVersion(server, 'unrelated', addModel([4, 4, 4]));
    const models = expectStatus(await call(server, 'GET', '/api/v1/lineage/features/airport_delays/delay_mean'), 200).models;
    expect(models.map((m: any) => m.model)).not.toContain('unrelated');
    expect(models.filter((m: any) => m.model === 'delay-model')).toEqual([
      { model: 'delay-model', version: 2, stage: 'none', trainingSetId: trainingSet.id },
      { model: 'delay-model', version: 1, stage: 'none', trainingSetId: trainingSet.id }
    ]);
    expect(expectStatus(await call(server, 'GET', '/api/v1/lineage/features/airport_delays/carrier'), 200).models).toEqual([]);
    expect((await call(server, 'GET', '/api/v1/lineage/features/no_such_group/x')).status).toBe(404);

    const usage = expectStatus(await call(server, 'GET', '/api/v1/features/groups/airport_delays/usage?feature=flights'), 200);
    expect(usage.models).toEqual(
      expect.arrayContaining([
        { model: 'delay-model', version: '1', trainingSetId: trainingSet.id },
        { model: 'delay-model', version: '2', trainingSetId: trainingSet.id }
      ])
    );
  });

  it('forgets the versions of a deleted model', async () => {
    await registerVersion(server, 'short-lived', addModel([5, 5, 5]), { trainingSetId: trainingSet.id });
    const model = expectStatus(await call(server, 'GET', '/api/v1/models/short-lived'), 200);
    expect((await call(server, 'DELETE', `/api/v1/models/short-lived?expectedRevision=${model.revision}`)).status).toBe(204);
    const models = expectStatus(await call(server, 'GET', '/api/v1/lineage/features/airport_delays/flights'), 200).models;
    expect(models.map((m: any) => m.model)).not.toContain('short-lived');
  });
});
