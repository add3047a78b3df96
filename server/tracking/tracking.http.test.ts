import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { call, expectStatus, tokenWith } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';

const MAX_UPLOAD = 64 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
});

afterAll(async () => {
  await server.stop();
});

async function putFile(runId: string, filePath: string, body: string | Buffer, token?: string) {
  const response = await server.request(`/api/v1/runs/${runId}/artifacts?path=${encodeURIComponent(filePath)}`, {
    method: 'PUT',
    token,
    headers: { 'Content-Type': 'application/octet-stream' },
    body: typeof body === 'string' ? body : new Uint8Array(body)
  });
  return { status: response.status, body: await response.json() };
}

describe('experiments and runs over HTTP', () => {
  it('create, read, log, page through a search and read metric history', async () => {
    const experiment = expectStatus(await call(server, 'POST', '/api/v1/experiments', { name: 'http' }), 201);
    expect(expectStatus(await call(server, 'POST', '/api/v1/experiments', { name: 'http' }), 409)).toMatchObject({
      error: { code: 'duplicate' }
    });
    expect(expectStatus(await call(server, 'GET', '/api/v1/experiments?name=http'), 200).experiments).toEqual([experiment]);
    expect(expectStatus(await call(server, 'GET', '/api/v1/experiments/0'), 200)).toMatchObject({ id: '0', name: 'Default' });

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = expectStatus(
        await call(server, 'POST', '/api/v1/runs', { experimentId: experiment.id, name: `r${i}`, origin: { source: 'sdk' } }),
        201
      );
      expect(run.createdBy).toBe('admin (MLPORTAL_ADMIN_TOKEN)');
      const logged = expectStatus(
        await call(server, 'POST', `/api/v1/runs/${run.id}/log`, {
          params: { lr: 0.01 * (i + 1), layers: 3 },
          metrics: [
            { key: 'val/loss', value: 1 / (i + 1), step: 1 },
            { key: 'val/loss', value: 2, step: 0 }
          ],
          tags: { 'mlflow.user': 'a' }
        }),
        200
      );
      expect(logged.metrics['val/loss']).toMatchObject({ value: 1 / (i + 1), step: 1 });
      ids.push(run.id);
    }
    expect(expectStatus(await call(server, 'POST', `/api/v1/runs/${ids[0]}/log`, { params: { layers: '4' } }), 409).error.message).toBe(
      `param "layers" of run ${ids[0]} is already "3": params never change (got "4")`
    );

    const history = expectStatus(await call(server, 'GET', `/api/v1/runs/${ids[0]}/metrics/${encodeURIComponent('val/loss')}`), 200);
    expect(history).toEqual({
      key: 'val/loss',
      history: [expect.objectContaining({ value: 2, step: 0 }), expect.objectContaining({ value: 1, step: 1 })]
    });

    const query = {
      experimentIds: [experiment.id],
      filter: "metrics.`val/loss` < 0.9 and params.layers = '3'",
      orderBy: ['metrics.`val/loss` ASC'],
      maxResults: 2
    };
    const first = expectStatus(await call(server, 'POST', '/api/v1/runs/search', query), 200);
    const second = expectStatus(await call(server, 'POST', '/api/v1/runs/search', { ...query, pageToken: first.nextPageToken }), 200);
    expect([...first.runs, ...second.runs].map((r: { name: string }) => r.name)).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect(second.nextPageToken).toBeUndefined();

    const bad = expectStatus(await call(server, 'POST', '/api/v1/runs/search', { filter: "params.lr = '1' or params.lr = '2'" }), 400);
    expect(bad.error.message).toBe(
      'invalid filter at position 17: expected "and" or the end of the filter, got "or" (clauses join with "and" only)'
    );
    expect(expectStatus(await call(server, 'POST', '/api/v1/runs/search', { fitler: '' }), 400).error.details).toEqual([
      { path: 'body.fitler', message: 'unknown field' }
    ]);

    const ended = expectStatus(await call(server, 'PATCH', `/api/v1/runs/${ids[1]}`, { status: 'KILLED' }), 200);
    expect(ended).toMatchObject({ status: 'KILLED', endTime: expect.any(String) });
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${ids[1]}`), 200)).toEqual(ended);
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${'0'.repeat(32)}`), 404).error.message).toBe(
      `no run with id "${'0'.repeat(32)}"`
    );
    expect(expectStatus(await call(server, 'GET', '/api/v1/runs/not-a-run'), 400).error.details[0].path).toBe('params.runId');
  });

  it('lets every role read and only the writing roles log', async () => {
    const business = await tokenWith(server, 'business');
    const engineer = await tokenWith(server, 'ml-engineer');
    const run = expectStatus(await call(server, 'POST', '/api/v1/runs', {}, engineer), 201);
    expect(run.createdBy).toBe('ml-engineer');
    expect((await call(server, 'POST', `/api/v1/runs/${run.id}/log`, { metrics: [{ key: 'x', value: 1 }] }, business)).status).toBe(403);
    expect((await call(server, 'GET', `/api/v1/runs/${run.id}`, undefined, business)).status).toBe(200);
    expect((await call(server, 'POST', '/api/v1/runs/search', {}, business)).status).toBe(200);
  });
});

describe('run artifacts over HTTP', () => {
  let runId: string;

  beforeAll(async () => {
    runId = expectStatus(await call(server, 'POST', '/api/v1/runs', {}), 201).id;
  });

  it('are stored by content, listed one folder at a time and read back', async () => {
    const model = Buffer.from('model bytes');
    const stored = await putFile(runId, 'model/model.onnx', model);
    expect(stored).toEqual({
      status: 201,
      body: { path: 'model/model.onnx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: model.length }
    });
    expect((await putFile(runId, 'model/conda env.yaml', 'a: 1')).status).toBe(201);
    expect((await putFile(runId, 'report.html', '<p>')).status).toBe(201);
    expect((await putFile(runId, 'report.html', '<p>v2</p>')).body.size).toBe(9);

    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${runId}/artifacts`), 200)).toEqual({
      files: [
        { path: 'model', isDir: true },
        { path: 'report.html', isDir: false, size: 9 }
      ]
    });
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${runId}/artifacts?prefix=model/`), 200).files).toEqual([
      { path: 'model/conda env.yaml', isDir: false, size: 4 },
      { path: 'model/model.onnx', isDir: false, size: model.length }
    ]);
    const download = await server.request(`/api/v1/runs/${runId}/artifacts/content?path=model/model.onnx`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="model.onnx"');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(model);
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${runId}/artifacts/content?path=model/none`), 404).error.message).toBe(
      `run ${runId} has no artifact "model/none"`
    );
    expect(await server.services.tracking.artifacts.resolve(runId, 'model/model.onnx')).toEqual({
      sha256: stored.body.sha256,
      size: model.length,
      rows: false
    });
    expect((await putFile(runId, 'model', 'x')).body.error.message).toBe(`run ${runId} has a folder "model", so it cannot also be a file`);
    expect((await putFile(runId, 'report.html/x', 'x')).status).toBe(409);
  });

  it.each([
    ['../escape', 'invalid artifact path "../escape": it must not contain ".."'],
    ['a/../../b', 'invalid artifact path "a/../../b": it must not contain ".."'],
    ['/etc/passwd', 'invalid artifact path "/etc/passwd": it must be relative (no leading "/")'],
    ['a\\b', 'invalid artifact path "a\\\\b": separate folders with "/", not "\\"'],
    ['a//b', 'invalid artifact path "a//b": it has an empty segment ("//" or a trailing "/")'],
    ['a/', 'invalid artifact path "a/": it has an empty segment ("//" or a trailing "/")'],
    ['./a', 'invalid artifact path "./a": it must not contain "." segments']
  ])('refuses the path %s with 400 naming it', async (bad, message) => {
    const refused = await putFile(runId, bad, 'x');
    expect([refused.status, refused.body.error.message]).toEqual([400, message]);
  });

  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const refused = await putFile(runId, 'big.bin', Buffer.alloc(MAX_UPLOAD + 1, 1));
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('payload_too_large');
    expect(await server.services.tracking.artifacts.resolve(runId, 'big.bin')).toBeNull();
    expect(readdirSync(path.join(server.config.dataDir, 'artifacts', 'tmp'))).toEqual([]);
  });

  it('keeps nothing of an upload the client cuts off', async () => {
    const port = Number(new URL(server.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `PUT /api/v1/runs/${runId}/artifacts?path=cut.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.adminToken}\r\n` +
        // Within MAX_UPLOAD: a body announced over the limit is refused before it is read (api/announced-size.ts).
        'Content-Type: application/octet-stream\r\nContent-Length: 60000\r\n\r\n'
    );
    socket.write(Buffer.alloc(5000, 7));
    // Wait until the server has the upload in progress, then cut it off.
    const tmp = path.join(server.config.dataDir, 'artifacts', 'tmp');
    await until(() => readdirSync(tmp).length > 0);
    socket.destroy();
    await until(() => readdirSync(tmp).length === 0);
    expect(await server.services.tracking.artifacts.resolve(runId, 'cut.bin')).toBeNull();
    expect(
      expectStatus(await call(server, 'GET', `/api/v1/runs/${runId}/artifacts`), 200).files.map((f: { path: string }) => f.path)
    ).not.toContain('cut.bin');
    expect((await putFile(runId, 'cut.bin', 'whole')).status).toBe(201);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
