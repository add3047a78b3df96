/**
 * The MLflow layer's HTTP behaviour that MLflow's client relies on but the client scenario does
 * not reach: the error shape for missing tokens, unknown endpoints and bad input; proto-JSON
 * numbers (NaN as a string, int64 as a string); artifact uploads taken raw whatever their type.
 */
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let engineer: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ token: engineer } = await server.tokens.create({ name: 'mlflow router engineer', roles: ['ml-engineer'], createdBy: 'router.test' }));
});

afterAll(async () => {
  await server?.stop();
});

async function call(
  path: string,
  init: RequestInit & { token?: string | null } = {}
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await server.request(path, { token: engineer, ...init });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  return call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

async function newRun(): Promise<string> {
  const { body } = await post('/api/2.0/mlflow/runs/create', { experiment_id: '0', start_time: '1700000000000' });
  return body.run.info.run_id as string;
}

it("answers a missing token with 401 UNAUTHENTICATED in MLflow's shape", async () => {
  const answer = await call('/api/2.0/mlflow/experiments/get?experiment_id=0', { token: null });
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  expect(answer.body).toEqual({ error_code: 'UNAUTHENTICATED', message: expect.stringContaining('experiments:read') });
});

it('answers endpoints it does not implement with ENDPOINT_NOT_FOUND, leaving /api/v1 errors as they were', async () => {
  const mlflow = await post('/api/2.0/mlflow/runs/delete', { run_id: 'x' });
  expect(mlflow).toMatchObject({
    status: 404,
    body: { error_code: 'ENDPOINT_NOT_FOUND', message: expect.stringContaining('/api/2.0/mlflow/runs/delete') }
  });
  const ours = await call('/api/v1/no-such-thing');
  expect(ours).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
});

it('names a missing or malformed parameter with INVALID_PARAMETER_VALUE', async () => {
  const missing = await call('/api/2.0/mlflow/experiments/get');
  expect(missing).toMatchObject({
    status: 400,
    body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('query.experiment_id') }
  });
  const notJson = await call('/api/2.0/mlflow/runs/create', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"experiment_id":'
  });
  expect(notJson).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
});

it('reads the default experiment "0" and int64 fields sent as strings', async () => {
  const experiment = await call('/api/2.0/mlflow/experiments/get?experiment_id=0');
  expect(experiment).toMatchObject({
    status: 200,
    body: { experiment: { experiment_id: '0', name: 'Default', lifecycle_stage: 'active' } }
  });
  const runId = await newRun();
  const run = await call(`/api/2.0/mlflow/runs/get?run_id=${runId}`);
  expect(run.body.run.info).toMatchObject({
    run_id: runId,
    start_time: 1700000000000,
    status: 'RUNNING',
    artifact_uri: `mlflow-artifacts:/runs/${runId}`
  });
});

it('refuses NaN and Infinity metrics (proto JSON sends them as strings) naming the key, and logs nothing of the batch', async () => {
  const runId = await newRun();
  for (const value of ['NaN', 'Infinity', '-Infinity']) {
    const answer = await post('/api/2.0/mlflow/runs/log-metric', { run_id: runId, key: 'auc', value, timestamp: 1, step: 0 });
    expect(answer).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('auc') } });
  }
  const batch = await post('/api/2.0/mlflow/runs/log-batch', {
    run_id: runId,
    metrics: [
      { key: 'fine', value: 1, timestamp: 1, step: 0 },
      { key: 'bad', value: 'NaN', timestamp: 1, step: 0 }
    ],
    params: [{ key: 'p', value: '1' }]
  });
  expect(batch.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  const run = await call(`/api/2.0/mlflow/runs/get?run_id=${runId}`);
  expect(run.body.run.data).toMatchObject({ metrics: [], params: [] });
});

it('refuses a param logged again with another value as INVALID_PARAMETER_VALUE, as MLflow does', async () => {
  const runId = await newRun();
  expect((await post('/api/2.0/mlflow/runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' })).status).toBe(200);
  const again = await post('/api/2.0/mlflow/runs/log-parameter', { run_id: runId, key: 'lr', value: '0.2' });
  expect(again).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('lr') } });
});

it('stores an uploaded artifact as sent, whatever its Content-Type, and serves it back', async () => {
  const runId = await newRun();
  const json = '{"not": "parsed"}';
  const put = await call(`/api/2.0/mlflow-artifacts/artifacts/runs/${runId}/config/settings.json`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: json
  });
  expect(put.status).toBe(200);
  const got = await server.request(`/api/2.0/mlflow-artifacts/artifacts/runs/${runId}/config/settings.json`, { token: engineer });
  expect(await got.text()).toBe(json);
  const listed = await call(`/api/2.0/mlflow-artifacts/artifacts?path=runs/${runId}/config`);
  expect(listed.body).toEqual({ files: [{ path: 'settings.json', is_dir: false, file_size: json.length }] });
  const outside = await call('/api/2.0/mlflow-artifacts/artifacts/experiments/0/x.txt', { method: 'PUT', body: 'x' });
  expect(outside).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
  // An encoded "/" keeps ".." away from URL normalisation, so the path check itself is what refuses it.
  const escaping = await call(`/api/2.0/mlflow-artifacts/artifacts/runs/${runId}/a%2F..%2F..%2Fb.txt`, { method: 'PUT', body: 'x' });
  expect(escaping).toMatchObject({
    status: 400,
    body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('".."') }
  });
});
