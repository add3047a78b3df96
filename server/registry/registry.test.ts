/**
 * The model registry over real HTTP: a real SQLite store and artifact folder, real ONNX files and
 * the real onnxruntime-node. Every refusal is checked to leave nothing behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { call, expectStatus, tokenWith } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';
import { addModel, externalDataModel, garbageBytes, matMulModel, truncatedModel, unknownOperatorModel } from './testing/onnx-models';
import { history, registerVersion, transition, uploadCutOff, uploadOnnx } from '../testing/registry';

const MODEL_LIMIT = 4096;
let server: TestServer;

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const tempFiles = () => {
  const dir = path.join(server.config.dataDir, 'registry', 'tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
};

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_MODEL_MAX_BYTES: String(MODEL_LIMIT) } });
});

afterAll(async () => {
  await server.stop();
});

describe('registering a model', () => {
  it('creates the model, uploads and validates the ONNX file, registers versions and serves the file back', async () => {
    const engineer = await tokenWith(server, 'ml-engineer');
    const model = expectStatus(
      await call(
        server,
        'POST',
        '/api/v1/models',
        { name: 'Flights.Delay', description: 'Departure delay', tags: { 'team/owner': 'delays' } },
        engineer
      ),
      201
    );
    expect(model).toMatchObject({
      name: 'Flights.Delay',
      aliases: {},
      latestVersion: null,
      versionCount: 0,
      productionVersion: null,
      createdBy: 'ml-engineer',
      revision: 1
    });
    expect(model.tags).toEqual({ 'team/owner': 'delays' });

    const bytes = addModel();
    const artifact = expectStatus(await uploadOnnx(server, bytes, engineer), 201);
    expect(artifact).toEqual({
      sha256: sha256Of(bytes),
      size: bytes.length,
      format: 'onnx',
      signature: {
        inputs: [{ name: 'X', elementType: 'float32', shape: ['batch', 3] }],
        outputs: [{ name: 'Y', elementType: 'float32', shape: ['batch', 3] }],
        opsets: [{ domain: '', version: 13 }],
        producer: 'mlportal-tests 1',
        irVersion: 8
      }
    });
    // The same bytes again: the same artifact.
    expect(expectStatus(await uploadOnnx(server, bytes, engineer), 201)).toEqual(artifact);

    const v1 = expectStatus(
      await call(
        server,
        'POST',
        '/api/v1/models/Flights.Delay/versions',
        {
          artifact: artifact.sha256,
          description: 'first',
          metrics: { 'val.auc': 0.81 },
          params: { lr: '0.1' },
          card: '# Flights delay',
          lineage: { notebookPath: 'train.ipynb', cellId: 'c1' }
        },
        engineer
      ),
      201
    );
    expect(v1).toMatchObject({
      model: 'Flights.Delay',
      version: 1,
      stage: 'none',
      aliases: [],
      artifact,
      metrics: { 'val.auc': 0.81 },
      params: { lr: '0.1' },
      card: '# Flights delay',
      lineage: { features: [], notebookPath: 'train.ipynb', cellId: 'c1' },
      createdBy: 'ml-engineer',
      revision: 1
    });
    const v2 = await registerVersion(server, 'Flights.Delay', matMulModel(), { metrics: { 'val.auc': 0.84 } }, engineer);
    expect(v2.version).toBe(2);

    const versions = expectStatus(await call(server, 'GET', '/api/v1/models/Flights.Delay/versions'), 200).versions;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/Flights.Delay'), 200)).toMatchObject({
      latestVersion: 2,
      versionCount: 2,
      productionVersion: null
    });
    expect(expectStatus(await call(server, 'GET', '/api/v1/models?search=flights'), 200).models.map((m: any) => m.name)).toEqual([
      'Flights.Delay'
    ]);

    const download = await server.request('/api/v1/models/Flights.Delay/versions/1/artifact');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="Flights.Delay-v1.onnx"');
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    expect((await history(server, 'Flights.Delay')).map((e) => [e.kind, e.version ?? null, e.by])).toEqual([
      ['created', 2, 'ml-engineer'],
      ['created', 1, 'ml-engineer'],
      ['created', null, 'ml-engineer']
    ]);
  });

  it('refuses a duplicate model name with 409 duplicate', async () => {
    expectStatus(await call(server, 'POST', '/api/v1/models', { name: 'dup-model' }), 201);
    const again = await call(server, 'POST', '/api/v1/models', { name: 'dup-model', description: 'other' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('duplicate');
    expect(again.body.error.message).toContain('dup-model');
    expect(await history(server, 'dup-model')).toHaveLength(1);
  });

  it('refuses bad names and unknown fields with 400', async () => {
    for (const name of ['-starts-with-dash', 'has space', 'a/b', '']) {
      expect((await call(server, 'POST', '/api/v1/models', { name })).status).toBe(400);
    }
    const unknown = await call(server, 'POST', '/api/v1/models', { name: 'fine', owner: 'me' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'body.owner', message: 'unknown field' }]);
  });

  it('lets only the roles with models:register create models and upload files', async () => {
    const business = await tokenWith(server, 'business');
    const refused = await call(server, 'POST', '/api/v1/models', { name: 'not-allowed' }, business);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permission).toBe('models:register');
    expect((await uploadOnnx(server, addModel([9, 9, 9]), business)).status).toBe(403);
    const analyst = await tokenWith(server, 'data-analyst');
    expect((await registerVersion(server, 'analyst-model', addModel([4, 4, 4]), {}, analyst)).version).toBe(1);
  });
});

describe('refused uploads keep nothing', () => {
  const refusals: Array<[string, Uint8Array, number, string]> = [
    ['garbage', garbageBytes(), 422, 'not_onnx'],
    ['a truncated file', truncatedModel(), 422, 'not_onnx'],
    ['external data', externalDataModel(), 422, 'external_data'],
    ['an operator onnxruntime lacks', unknownOperatorModel(), 422, 'model_does_not_load'],
    ['an empty body', new Uint8Array(), 400, 'empty_upload'],
    ['a file past MLPORTAL_MODEL_MAX_BYTES', new Uint8Array(MODEL_LIMIT + 1).fill(7), 413, 'payload_too_large']
  ];

  it.each(refusals)('%s', async (_what, bytes, status, code) => {
    const answer = await uploadOnnx(server, bytes);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(await server.artifacts.has(sha256Of(bytes))).toBe(false);
    expect(tempFiles()).toEqual([]);
    const version = await call(server, 'POST', '/api/v1/models/dup-model/versions', { artifact: sha256Of(bytes) });
    expect(version.status).toBe(404);
  });

  it('names the limit variable on 413 and the tensor on external data', async () => {
    const big = await uploadOnnx(server, new Uint8Array(MODEL_LIMIT * 3).fill(1));
    expect(big.body.error.message).toContain(`${MODEL_LIMIT} bytes (MLPORTAL_MODEL_MAX_BYTES)`);
    const external = await uploadOnnx(server, externalDataModel());
    expect(external.body.error.message).toContain('tensor "B" in "weights.bin"');
  });

  it('a client that goes away mid-upload leaves no artifact and no temp file', async () => {
    const bytes = addModel([5, 6, 7]);
    await uploadCutOff(server, bytes.subarray(0, 40), bytes.length);
    // The server notices the cut on its own time: wait until it logged the request as aborted, then for its temp file to go.
    const aborted = () => server.logs.some((l) => l.path === '/api/v1/models/artifacts' && l.aborted === true);
    for (let i = 0; i < 400 && (!aborted() || tempFiles().length > 0); i++) await new Promise((r) => setTimeout(r, 25));
    expect(aborted()).toBe(true);
    expect(tempFiles()).toEqual([]);
    expect(await server.artifacts.has(sha256Of(bytes))).toBe(false);
    expect(await server.artifacts.has(sha256Of(bytes.subarray(0, 40)))).toBe(false);
    // The server is fine afterwards.
    expect((await uploadOnnx(server, bytes)).status).toBe(201);
  });
});

describe('artifacts already in the artifact store (the MLflow layer registers run artifacts this way)', () => {
  it('validates and records a valid file, and leaves a refused one where it was', async () => {
    const { Readable } = await import('node:stream');
    const bytes = addModel([2, 4, 6]);
    const stored = await server.artifacts.put(Readable.from([Buffer.from(bytes)]));
    const artifact = await server.services.registry.artifacts.registerExisting(stored.sha256, 'mlflow-user');
    expect(artifact).toMatchObject({ sha256: stored.sha256, size: bytes.length, format: 'onnx' });
    expect(expectStatus(await call(server, 'POST', '/api/v1/models', { name: 'from-run' }), 201).name).toBe('from-run');
    expect(expectStatus(await call(server, 'POST', '/api/v1/models/from-run/versions', { artifact: stored.sha256 }), 201).version).toBe(1);

    const garbage = await server.artifacts.put(Readable.from([Buffer.from(garbageBytes())]));
    await expect(server.services.registry.artifacts.registerExisting(garbage.sha256, 'mlflow-user')).rejects.toMatchObject({
      status: 422,
      code: 'not_onnx'
    });
    expect(await server.artifacts.has(garbage.sha256)).toBe(true);
    expect((await call(server, 'POST', '/api/v1/models/from-run/versions', { artifact: garbage.sha256 })).status).toBe(404);
    await expect(server.services.registry.artifacts.registerExisting('f'.repeat(64), 'mlflow-user')).rejects.toMatchObject({ status: 404 });
  });
});

describe('versions refused leave nothing half-registered', () => {
  let artifact: string;
  beforeAll(async () => {
    expectStatus(await call(server, 'POST', '/api/v1/models', { name: 'careful' }), 201);
    artifact = expectStatus(await uploadOnnx(server, addModel([1, 1, 1])), 201).sha256;
  });

  const cases: Array<[string, () => Record<string, unknown>, number, string]> = [
    ['an artifact never uploaded', () => ({ artifact: 'a'.repeat(64) }), 404, 'artifact'],
    ['an unknown training set', () => ({ artifact, trainingSetId: 'ts_nope' }), 404, 'trainingSetId'],
    ['an unknown run', () => ({ artifact, runId: '0123456789abcdef0123456789abcdef' }), 404, 'runId'],
    ['a NaN-like metric', () => ({ artifact, metrics: { auc: 'high' } }), 400, 'metrics'],
    ['a bad metric key', () => ({ artifact, metrics: { 'a:b': 1 } }), 400, 'metrics'],
    ['an unknown field', () => ({ artifact, stage: 'production' }), 400, 'stage']
  ];

  it.each(cases)('%s', async (_what, body, status, named) => {
    const before = await history(server, 'careful');
    const answer = await call(server, 'POST', '/api/v1/models/careful/versions', body());
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toContain(named);
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/careful/versions'), 200).versions).toEqual([]);
    expect(await history(server, 'careful')).toEqual(before);
  });

  it('answers 400 for a version that is not a number, 404 for one that does not exist', async () => {
    expect((await call(server, 'GET', '/api/v1/models/careful/versions/first')).status).toBe(400);
    expect((await call(server, 'GET', '/api/v1/models/careful/versions/77')).status).toBe(404);
  });

  it('answers 404 for an unknown model', async () => {
    const answer = await call(server, 'POST', '/api/v1/models/no-such-model/versions', { artifact });
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toBe('no model named no-such-model');
  });

  it('numbers the next good version 1', async () => {
    expect(expectStatus(await call(server, 'POST', '/api/v1/models/careful/versions', { artifact }), 201).version).toBe(1);
  });
});

describe('stages', () => {
  beforeAll(async () => {
    for (const bias of [
      [1, 0, 0],
      [2, 0, 0],
      [3, 0, 0]
    ])
      await registerVersion(server, 'staged', addModel(bias));
  });

  it('lets exactly one of two concurrent promotions from the same revision win', async () => {
    const current = expectStatus(await call(server, 'GET', '/api/v1/models/staged/versions/1'), 200);
    const before = (await history(server, 'staged')).length;
    const answers = await Promise.all(
      ['staging', 'archived'].map((stage) =>
        call(server, 'POST', '/api/v1/models/staged/versions/1/stage', { expectedRevision: current.revision, stage })
      )
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.error.code).toBe('stale_revision');
    const winner = answers.find((a) => a.status === 200)!.body;
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/staged/versions/1'), 200)).toMatchObject({
      stage: winner.stage,
      revision: current.revision + 1
    });
    const events = await history(server, 'staged');
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ kind: 'stage', version: 1, from: 'none', to: winner.stage, by: expect.stringContaining('admin') });
  });

  it('refuses production to ml-engineer (403 naming models:promote-production) and allows it to ml-service-engineer', async () => {
    const engineer = await tokenWith(server, 'ml-engineer');
    const service = await tokenWith(server, 'ml-service-engineer');
    const before = await history(server, 'staged');
    const refused = await transition(server, 'staged', 2, 'production', {}, engineer);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.details.permission).toBe('models:promote-production');
    expect(refused.body.error.message).toContain('models:promote-production');
    expect(await history(server, 'staged')).toEqual(before);
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/staged/versions/2'), 200).stage).toBe('none');

    expect(expectStatus(await transition(server, 'staged', 2, 'staging', {}, engineer), 200).stage).toBe('staging');
    const promoted = expectStatus(await transition(server, 'staged', 2, 'production', { comment: 'beats v1' }, service), 200);
    expect(promoted.stage).toBe('production');
    expect((await history(server, 'staged'))[0]).toMatchObject({
      kind: 'stage',
      version: 2,
      from: 'staging',
      to: 'production',
      comment: 'beats v1'
    });
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/staged'), 200).productionVersion).toBe(2);

    // Out of production needs the same permission.
    const demote = await transition(server, 'staged', 2, 'archived', {}, engineer);
    expect(demote.status).toBe(403);
    expect(demote.body.error.details.permission).toBe('models:promote-production');
  });

  it('archives the versions already in the target stage when asked, one event each', async () => {
    const promoted = expectStatus(await transition(server, 'staged', 3, 'production', { archiveExistingVersions: true }), 200);
    expect(promoted.stage).toBe('production');
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/staged/versions/2'), 200).stage).toBe('archived');
    const [archived, moved] = await history(server, 'staged');
    expect(moved).toMatchObject({ kind: 'stage', version: 3, to: 'production' });
    expect(archived).toMatchObject({ kind: 'stage', version: 2, from: 'production', to: 'archived' });
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/staged'), 200).productionVersion).toBe(3);
  });

  it('refuses to delete a version or the model while in production, then deletes when allowed', async () => {
    const model = expectStatus(await call(server, 'GET', '/api/v1/models/staged'), 200);
    const v3 = expectStatus(await call(server, 'GET', '/api/v1/models/staged/versions/3'), 200);
    expect((await call(server, 'DELETE', `/api/v1/models/staged/versions/3?expectedRevision=${v3.revision}`)).status).toBe(409);
    expect((await call(server, 'DELETE', `/api/v1/models/staged?expectedRevision=${model.revision}`)).status).toBe(409);
    const engineer = await tokenWith(server, 'ml-engineer');
    const v2 = expectStatus(await call(server, 'GET', '/api/v1/models/staged/versions/2'), 200);
    expect(
      (await call(server, 'DELETE', `/api/v1/models/staged/versions/2?expectedRevision=${v2.revision}`, undefined, engineer)).status
    ).toBe(403);
    expect((await call(server, 'DELETE', `/api/v1/models/staged/versions/2?expectedRevision=${v2.revision + 5}`)).body.error.code).toBe(
      'stale_revision'
    );
    expect((await call(server, 'DELETE', `/api/v1/models/staged/versions/2?expectedRevision=${v2.revision}`)).status).toBe(204);
    expect((await call(server, 'GET', '/api/v1/models/staged/versions/2')).status).toBe(404);
    expect((await history(server, 'staged'))[0]).toMatchObject({ kind: 'deleted', version: 2 });

    expectStatus(await transition(server, 'staged', 3, 'archived'), 200);
    const latest = expectStatus(await call(server, 'GET', '/api/v1/models/staged'), 200);
    expect((await call(server, 'DELETE', `/api/v1/models/staged?expectedRevision=${latest.revision}`)).status).toBe(204);
    expect((await call(server, 'GET', '/api/v1/models/staged')).status).toBe(404);
    // A new model of the same name starts afresh.
    expect((await registerVersion(server, 'staged', addModel([8, 8, 8]))).version).toBe(1);
    expect(await history(server, 'staged')).toHaveLength(2);
  });
});

describe('aliases', () => {
  beforeAll(async () => {
    await registerVersion(server, 'aliased', addModel([0, 1, 0]));
    await registerVersion(server, 'aliased', addModel([0, 2, 0]));
  });

  const revision = async () => expectStatus(await call(server, 'GET', '/api/v1/models/aliased'), 200).revision as number;

  it('sets, reads, moves and deletes an alias, recording each change', async () => {
    const set = expectStatus(
      await call(server, 'PUT', '/api/v1/models/aliased/aliases/champion', { version: 1, expectedRevision: await revision() }),
      200
    );
    expect(set.aliases).toEqual({ champion: 1 });
    const read = expectStatus(await call(server, 'GET', '/api/v1/models/aliased/aliases/champion'), 200);
    expect(read).toMatchObject({ version: 1, aliases: ['champion'] });

    const moved = expectStatus(
      await call(server, 'PUT', '/api/v1/models/aliased/aliases/champion', { version: 2, expectedRevision: set.revision }),
      200
    );
    expect(moved.aliases).toEqual({ champion: 2 });
    expect((await history(server, 'aliased'))[0]).toMatchObject({ kind: 'alias-set', alias: 'champion', version: 2, from: '1', to: '2' });

    const stale = await call(server, 'PUT', '/api/v1/models/aliased/aliases/champion', { version: 1, expectedRevision: set.revision });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');

    const deleted = expectStatus(
      await call(server, 'DELETE', `/api/v1/models/aliased/aliases/champion?expectedRevision=${moved.revision}`),
      200
    );
    expect(deleted.aliases).toEqual({});
    expect((await history(server, 'aliased'))[0]).toMatchObject({ kind: 'alias-deleted', alias: 'champion', from: '2', to: null });
  });

  it('answers 404 for an unknown alias, and for an alias on a version that does not exist', async () => {
    const unknown = await call(server, 'GET', '/api/v1/models/aliased/aliases/nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('unknown alias nobody');
    expect((await call(server, 'DELETE', `/api/v1/models/aliased/aliases/nobody?expectedRevision=${await revision()}`)).status).toBe(404);
    expect(
      (await call(server, 'PUT', '/api/v1/models/aliased/aliases/ghost', { version: 99, expectedRevision: await revision() })).status
    ).toBe(404);
  });

  it('refuses alias names that name versions already', async () => {
    for (const alias of ['latest', 'v1', 'Champion']) {
      const answer = await call(server, 'PUT', `/api/v1/models/aliased/aliases/${alias}`, {
        version: 1,
        expectedRevision: await revision()
      });
      expect(answer.status).toBe(400);
    }
  });

  it('needs models:promote', async () => {
    const analyst = await tokenWith(server, 'data-analyst');
    const answer = await call(
      server,
      'PUT',
      '/api/v1/models/aliased/aliases/challenger',
      { version: 1, expectedRevision: await revision() },
      analyst
    );
    expect(answer.status).toBe(403);
  });
});

describe('editing and comparing', () => {
  beforeAll(async () => {
    await registerVersion(server, 'compared', addModel(), { metrics: { auc: 0.8, loss: 0.3 }, params: { lr: '0.1', depth: '3' } });
    await registerVersion(server, 'compared', matMulModel(), { metrics: { auc: 0.85 }, params: { lr: '0.1', depth: '5' } });
    await registerVersion(server, 'compared', addModel([7, 7, 7]), { metrics: { auc: 0.9 } });
  });

  it('compares versions side by side', async () => {
    const answer = expectStatus(await call(server, 'GET', '/api/v1/models/compared/compare?versions=1,2'), 200);
    expect(answer.versions.map((v: any) => v.version)).toEqual([1, 2]);
    expect(answer.metrics).toEqual([
      { key: 'auc', values: [0.8, 0.85] },
      { key: 'loss', values: [0.3, null] }
    ]);
    expect(answer.params).toEqual([
      { key: 'depth', values: ['3', '5'], differs: true },
      { key: 'lr', values: ['0.1', '0.1'], differs: false }
    ]);
    expect(answer.signatureDiffers).toBe(true);
    expect(expectStatus(await call(server, 'GET', '/api/v1/models/compared/compare?versions=3,1'), 200).signatureDiffers).toBe(false);
    expect((await call(server, 'GET', '/api/v1/models/compared/compare?versions=1')).status).toBe(400);
    expect((await call(server, 'GET', '/api/v1/models/compared/compare?versions=1,1')).status).toBe(400);
    expect((await call(server, 'GET', '/api/v1/models/compared/compare?versions=1,9')).status).toBe(404);
  });

  it('edits a version and a model under their revisions', async () => {
    const v1 = expectStatus(await call(server, 'GET', '/api/v1/models/compared/versions/1'), 200);
    const edited = expectStatus(
      await call(server, 'PATCH', '/api/v1/models/compared/versions/1', {
        expectedRevision: v1.revision,
        card: '# Card',
        tags: { reviewed: 'yes' }
      }),
      200
    );
    expect(edited).toMatchObject({
      card: '# Card',
      tags: { reviewed: 'yes' },
      metrics: { auc: 0.8, loss: 0.3 },
      revision: v1.revision + 1
    });
    expect(
      (await call(server, 'PATCH', '/api/v1/models/compared/versions/1', { expectedRevision: v1.revision, card: 'lost' })).status
    ).toBe(409);
    const model = expectStatus(await call(server, 'GET', '/api/v1/models/compared'), 200);
    const updated = expectStatus(
      await call(server, 'PATCH', '/api/v1/models/compared', { expectedRevision: model.revision, description: 'now described' }),
      200
    );
    expect(updated.description).toBe('now described');
    expect((await history(server, 'compared')).slice(0, 2).map((e) => [e.kind, e.version ?? null])).toEqual([
      ['edited', null],
      ['edited', 1]
    ]);
  });

  it('pages through models with an opaque token', async () => {
    const first = expectStatus(await call(server, 'GET', '/api/v1/models?maxResults=2'), 200);
    expect(first.models).toHaveLength(2);
    const second = expectStatus(await call(server, 'GET', `/api/v1/models?maxResults=2&pageToken=${first.nextPageToken}`), 200);
    expect(second.models[0].name > first.models[1].name).toBe(true);
    expect((await call(server, 'GET', '/api/v1/models?pageToken=!!')).status).toBe(400);
  });
});
