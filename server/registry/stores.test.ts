/**
 * The registry's concurrency guarantees on both document stores (SQLite, and a MongoDB-wire server:
 * FerretDB, or the MongoDB at MLPORTAL_TEST_MONGO_URL): version numbers never repeat under
 * concurrent registration, and of concurrent changes from one revision exactly one wins.
 */
import { call, expectStatus } from '../testing/features';
import { storeTargets } from '../testing/store-targets';
import { startTestServerOn, type TestServer } from '../testing/test-server';
import { history, registerVersion, uploadOnnx } from '../testing/registry';
import { addModel } from './testing/onnx-models';

describe.each(storeTargets('registry'))('the registry on $name', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(target);
    expect(server.store.kind).toBe(target.name);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('numbers concurrently registered versions 1..n, each once, with one event each', async () => {
    expectStatus(await call(server, 'POST', '/api/v1/models', { name: 'busy' }), 201);
    const artifacts = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (i) => expectStatus(await uploadOnnx(server, addModel([i, 0, 0])), 201).sha256)
    );
    const created = await Promise.all(
      artifacts.map(async (artifact) => expectStatus(await call(server, 'POST', '/api/v1/models/busy/versions', { artifact }), 201))
    );
    expect(created.map((v) => v.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const byArtifact = new Map(created.map((v) => [v.artifact.sha256, v.version]));
    expect(byArtifact.size).toBe(6);
    expect((await history(server, 'busy')).filter((e) => e.kind === 'created' && e.version !== undefined)).toHaveLength(6);
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/busy'), 200)).toMatchObject({ latestVersion: 6, versionCount: 6 });
  });

  it('lets exactly one of two concurrent promotions from the same revision win, and records only that one', async () => {
    const version = await registerVersion(server, 'contested', addModel([9, 1, 1]));
    const before = (await history(server, 'contested')).length;
    const answers = await Promise.all(
      ['staging', 'archived'].map((stage) =>
        call(server, 'POST', `/api/v1/models/contested/versions/${version.version}/stage`, { expectedRevision: version.revision, stage })
      )
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('stale_revision');
    const winner = answers.find((a) => a.status === 200)!.body.stage;
    expect(expectStatus(await call(server, 'GET', `/api/v1/models/contested/versions/${version.version}`), 200).stage).toBe(winner);
    const events = await history(server, 'contested');
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ kind: 'stage', to: winner });
  });

  it('lets exactly one of two concurrent alias changes from the same model revision win', async () => {
    await registerVersion(server, 'contested', addModel([9, 2, 2]));
    const model = expectStatus(await call(server, 'GET', '/api/v1/models/contested'), 200);
    const answers = await Promise.all(
      [1, 2].map((version) =>
        call(server, 'PUT', '/api/v1/models/contested/aliases/champion', { version, expectedRevision: model.revision })
      )
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.aliases.champion;
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/contested/aliases/champion'), 200).version).toBe(winner);
    expect((await history(server, 'contested')).filter((e) => e.kind === 'alias-set')).toHaveLength(1);
  });
});
