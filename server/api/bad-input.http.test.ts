/**
 * Bad input is the caller's fault and answers 4xx, never 500: path segments that are not valid
 * percent-encoding, JSON nested past the limit, names that are members of Object.prototype, and
 * a method on a fixed path that a parameterised route would otherwise take.
 */
import { MAX_JSON_DEPTH } from '../platform/json-depth';
import { matMulModel } from '../registry/testing/onnx-models';
import { call, expectStatus } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await registerVersion(server, 'proto', matMulModel([1, 2, 3]));
});
afterAll(async () => server?.stop());

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

async function raw(path: string, init: RequestInit & { token?: string | null } = {}) {
  const response = await server.request(path, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('bad percent-encoding in a path', () => {
  it.each([
    ['the API', '/api/v1/models/%ff%fe', /"code":"invalid_path_encoding"/],
    ['the inference protocol', '/v2/models/%ff%fe', /"error":"the request path holds bad percent-encoding/],
    ['the MLflow artifact proxy', '/api/2.0/mlflow-artifacts/artifacts/runs/%ff%fe', /"error_code":"INVALID_PARAMETER_VALUE"/]
  ])('answers 400 on %s', async (_where, path, body) => {
    const answer = await raw(path);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(body);
    expect(answer.text).toContain('bad percent-encoding');
  });
});

describe('JSON nested past the limit', () => {
  it('answers 400 json_too_deep on a JSON route', async () => {
    const answer = await raw('/api/v1/experiments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"name":${deep(100_000)}}`
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toMatchObject({
      code: 'json_too_deep',
      message: `the request body nests lists or objects more than ${MAX_JSON_DEPTH} levels deep`
    });
  });

  it('answers 400 on the MLflow API', async () => {
    const answer = await raw('/api/2.0/mlflow/experiments/create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"name":${deep(100_000)}}`
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining('levels deep')
    });
  });
});

describe('names that are members of Object.prototype', () => {
  it.each(['constructor', '__proto__', 'hasOwnProperty'])('/dashboards/assets/%s is not found', async (name) => {
    const answer = await raw(`/dashboards/assets/${name}`, { token: null });
    expect(answer.status).toBe(404);
  });

  it('an upload whose Content-Type is "constructor" is an unsupported media type', async () => {
    const answer = await raw('/api/v1/features/groups/g/ingest/file', {
      method: 'POST',
      headers: { 'Content-Type': 'constructor' },
      body: 'a\n1\n'
    });
    expect(answer.status).toBe(415);
  });

  it('a batch-scoring input whose Content-Type is "constructor" is an unsupported media type', async () => {
    const answer = await raw('/api/v1/batch-scoring/inputs', {
      method: 'POST',
      headers: { 'Content-Type': 'constructor' },
      body: 'a\n1\n'
    });
    expect(answer.status).toBe(415);
  });

  it('an alias named constructor is an unknown alias, for reading and for deleting', async () => {
    const model = expectStatus(await call(server, 'GET', '/api/v1/models/proto'), 200);
    for (const method of ['GET', 'DELETE']) {
      const answer = await call(server, method, `/api/v1/models/proto/aliases/constructor?expectedRevision=${model.revision}`);
      expect(answer).toMatchObject({ status: 404, body: { error: { message: 'unknown alias constructor for model proto' } } });
    }
  });

  it('an MLflow search on tags.constructor or tags.toString matches no object without that tag', async () => {
    for (const filter of ["tags.constructor LIKE '%'", "tags.toString ILIKE '%'"]) {
      const query = `filter=${encodeURIComponent(filter)}`;
      expect(expectStatus(await call(server, 'GET', `/api/2.0/mlflow/registered-models/search?${query}`), 200).registered_models).toEqual(
        []
      );
      expect(expectStatus(await call(server, 'POST', '/api/2.0/mlflow/experiments/search', { filter }), 200).experiments).toEqual([]);
      const versions = `filter=${encodeURIComponent(`name='proto' and ${filter}`)}`;
      expect(expectStatus(await call(server, 'GET', `/api/2.0/mlflow/model-versions/search?${versions}`), 200).model_versions).toEqual([]);
    }
  });

  it('a run search naming constructor is a bad filter', async () => {
    for (const filter of ["constructor.x = 'a'", "attributes.constructor = 'a'", "constructor = 'a'"]) {
      expect(await call(server, 'POST', '/api/v1/runs/search', { filter })).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_search' } }
      });
    }
  });
});

describe('a fixed path beside a parameterised one', () => {
  it('answers 405 with its own Allow instead of taking "search" for a run id', async () => {
    const answer = await raw('/api/v1/runs/search', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"x"}'
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(JSON.parse(answer.text).error.code).toBe('method_not_allowed');
  });

  it('still hands a segment the other route takes as a valid name to it (a model named "artifacts")', async () => {
    const answer = await call(server, 'GET', '/api/v1/models/artifacts');
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'no model named artifacts' } } });
  });
});
