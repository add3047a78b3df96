/**
 * The models API against the real backend (SQLite, onnxruntime-node validation, HTTP on
 * 127.0.0.1): registering from bytes and files, aliases, stages with their permissions, optimistic
 * concurrency and refused files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addModel, matMulModel } from '../../../../server/registry/testing/onnx-models';
import { rejectionOf } from '../../../../server/testing/rejection';
import { makeTempDir, type TempDir } from '../../../../server/testing/temp-dir';
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { models as envModels, modelsOf } from '../env';
import { MlportalApiError, MlportalError } from '../errors';
import type { NodeModelsApi } from './files';
import { registerFromNotebook } from './notebook';
import { parseRegisteredLine } from './registered-line';

const NAME = 'flights-delay';

const failure = (promise: Promise<unknown>): Promise<MlportalApiError> => rejectionOf(promise, MlportalApiError);

describe('the models API against the backend', () => {
  let server: TestServer;
  let dir: TempDir;
  let engineer: NodeModelsApi;
  let serviceEngineer: NodeModelsApi;
  let business: NodeModelsApi;

  beforeAll(async () => {
    server = await startTestServer();
    dir = makeTempDir('sdk-models');
    const apiFor = async (role: 'ml-engineer' | 'ml-service-engineer' | 'business') =>
      modelsOf(
        new Client({ url: server.url, token: (await server.tokens.create({ name: role, roles: [role], createdBy: 'test' })).token })
      );
    engineer = await apiFor('ml-engineer');
    serviceEngineer = await apiFor('ml-service-engineer');
    business = await apiFor('business');
  });

  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('registers ONNX bytes, creating the model, with the signature read from the file', async () => {
    const version = await engineer.register({
      name: NAME,
      onnx: addModel(),
      description: 'adds a bias',
      modelDescription: 'Departure delay in minutes',
      metrics: { rmse: 31.5 },
      params: { features: '3' },
      tags: { team: 'ops' },
      runId: null
    });
    expect(version).toMatchObject({
      model: NAME,
      version: 1,
      stage: 'none',
      description: 'adds a bias',
      metrics: { rmse: 31.5 },
      tags: { team: 'ops' }
    });
    expect(version.artifact.signature.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['batch', 3] }]);
    expect(version.lineage.source).toBe('sdk');
    const model = await business.get(NAME);
    expect(model).toMatchObject({ name: NAME, description: 'Departure delay in minutes', latestVersion: 1, versionCount: 1 });
  });

  it('registers an ONNX file streamed from disk, and downloads the same bytes back', async () => {
    const file = path.join(dir.path, 'matmul.onnx');
    const bytes = matMulModel();
    writeFileSync(file, bytes);
    const version = await engineer.register({ name: NAME, file, description: 'matmul', runId: null });
    expect(version.version).toBe(2);
    expect(version.artifact.size).toBe(bytes.length);
    expect(version.artifact.signature.outputs[0]).toMatchObject({ name: 'Y', shape: ['batch', 1] });

    expect(Buffer.from(await business.download(NAME, 2))).toEqual(Buffer.from(bytes));
    const target = path.join(dir.path, 'downloaded.onnx');
    await expect(business.downloadTo(NAME, 'latest', target)).resolves.toEqual({ path: target, bytes: bytes.length });
    expect(readFileSync(target)).toEqual(Buffer.from(bytes));
  });

  it('compares versions: metrics side by side and whether the signatures differ', async () => {
    const comparison = await business.compare(NAME, [1, 'v2']);
    expect(comparison.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(comparison.signatureDiffers).toBe(true);
    expect(comparison.metrics).toEqual([{ key: 'rmse', values: [31.5, null] }]);
    await expect(business.compare(NAME, [1])).rejects.toThrow('compare takes 2 to 5 versions; got 1');
  });

  it('lets two first registrations of a new model race: both versions land', async () => {
    const [a, b] = await Promise.all([
      engineer.register({ name: 'race', onnx: addModel([1, 1, 1]), runId: null }),
      engineer.register({ name: 'race', onnx: addModel([2, 2, 2]), runId: null })
    ]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    expect((await engineer.get('race')).versionCount).toBe(2);
  });

  it('points aliases at versions, reads versions through them, and deletes them', async () => {
    const model = await engineer.setAlias(NAME, 'champion', 1);
    expect(model.aliases).toEqual({ champion: 1 });
    expect((await business.version(NAME, 'champion')).version).toBe(1);
    expect((await business.version(NAME, 'latest')).version).toBe(2);
    expect((await business.version(NAME, '2')).description).toBe('matmul');

    await engineer.setAlias(NAME, 'champion', 'v2');
    expect((await business.version(NAME, 'champion')).aliases).toEqual(['champion']);
    expect((await engineer.deleteAlias(NAME, 'champion')).aliases).toEqual({});

    const unknown = await failure(business.version(NAME, 'champion'));
    expect(unknown.status).toBe(404);
    await expect(engineer.setAlias(NAME, 'Champion', 1)).rejects.toThrow(MlportalError);
  });

  it('moves versions through stages where the role allows, naming the missing permission otherwise', async () => {
    expect((await engineer.transition(NAME, 1, 'staging', { comment: 'looks good' })).stage).toBe('staging');
    const refused = await failure(engineer.transition(NAME, 1, 'production'));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('models:promote-production');
    expect((await business.version(NAME, 1)).stage).toBe('staging');

    const promoted = await serviceEngineer.transition(NAME, 1, 'production', { archiveExisting: true });
    expect(promoted.stage).toBe('production');
    expect((await business.get(NAME)).productionVersion).toBe(1);

    const events = await business.history(NAME);
    expect(events[0]).toMatchObject({ kind: 'stage', version: 1, from: 'staging', to: 'production' });
    expect(events.some((e) => e.kind === 'stage' && e.to === 'staging' && e.comment === 'looks good')).toBe(true);
  });

  it('surfaces a 409 on a stale revision and changes nothing', async () => {
    const before = await business.version(NAME, 2);
    await engineer.updateVersion(NAME, 2, { description: 'matmul, reviewed' });
    const stale = await failure(engineer.transition(NAME, 2, 'staging', { expectedRevision: before.revision }));
    expect(stale).toMatchObject({ status: 409, code: 'stale_revision' });
    expect((await business.version(NAME, 2)).stage).toBe('none');

    const model = await business.get(NAME);
    await engineer.setAlias(NAME, 'challenger', 2);
    const staleAlias = await failure(engineer.setAlias(NAME, 'champion', 2, { expectedRevision: model.revision }));
    expect(staleAlias).toMatchObject({ status: 409, code: 'stale_revision' });
    expect((await business.get(NAME)).aliases).toEqual({ challenger: 2 });
  });

  it('refuses a file that is not ONNX with a clear 422, and leaves no model behind', async () => {
    const refused = await failure(
      engineer.register({ name: 'not-a-model', onnx: new TextEncoder().encode('definitely not protobuf'), runId: null })
    );
    expect(refused.status).toBe(422);
    expect(refused.backendMessage).toMatch(/not an ONNX model/);
    expect((await failure(business.get('not-a-model'))).status).toBe(404);
  });

  it('says what is wrong before uploading anything', async () => {
    await expect(engineer.register({ name: 'bad name', onnx: addModel(), runId: null })).rejects.toThrow(
      /model name "bad name" is not allowed/
    );
    await expect(engineer.register({ name: NAME, file: path.join(dir.path, 'missing.onnx') })).rejects.toThrow(
      /cannot read .*missing\.onnx: no such file/
    );
    await expect(engineer.transition(NAME, 1, 'live' as 'production')).rejects.toThrow(
      'stage must be one of none, staging, production, archived; got "live"'
    );
    const readOnly = await failure(business.register({ name: NAME, onnx: addModel(), runId: null }));
    expect(readOnly.status).toBe(403);
  });

  it('registerFromNotebook registers bytes or a file and prints one line the extension parses', async () => {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    try {
      const version = await registerFromNotebook(
        {
          model: addModel([5, 5, 5]),
          name: 'from-notebook',
          description: 'cell output',
          metrics: { auc: 0.8 },
          tags: { by: 'toolbar' },
          notebookPath: 'examples/model-registry.ipynb',
          cellId: 'cell-42',
          runId: null
        },
        engineer
      );
      expect(version).toMatchObject({ model: 'from-notebook', version: 1, metrics: { auc: 0.8 }, tags: { by: 'toolbar' } });
      expect(version.lineage).toMatchObject({ notebookPath: 'examples/model-registry.ipynb', cellId: 'cell-42', source: 'notebook' });
      expect(printed).toHaveLength(1);
      expect(parseRegisteredLine(printed.join('\n'))).toEqual({
        model: 'from-notebook',
        version: 1,
        stage: 'none',
        aliases: [],
        sha256: version.artifact.sha256,
        size: version.artifact.size,
        notebookPath: 'examples/model-registry.ipynb',
        cellId: 'cell-42'
      });

      const file = path.join(dir.path, 'written-by-cell.onnx');
      writeFileSync(file, matMulModel([1, 2, 3]));
      expect((await registerFromNotebook({ model: file, name: 'from-notebook', runId: null }, engineer)).version).toBe(2);
      await expect(
        registerFromNotebook({ model: { weights: [] } as unknown as Uint8Array, name: 'from-notebook' }, engineer)
      ).rejects.toThrow(/needs the ONNX model as bytes .* got a Object\. A trained model must be exported first/);
    } finally {
      log.mockRestore();
    }
    expect(existsSync(path.join(dir.path, 'written-by-cell.onnx'))).toBe(true);
  });

  it('is reachable as the module-level models, reading MLPORTAL_URL and MLPORTAL_TOKEN at each call', async () => {
    const saved = { url: process.env.MLPORTAL_URL, token: process.env.MLPORTAL_TOKEN };
    try {
      process.env.MLPORTAL_URL = server.url;
      process.env.MLPORTAL_TOKEN = server.adminToken;
      expect((await envModels.list({ search: 'flights' })).map((m) => m.name)).toEqual([NAME]);
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
