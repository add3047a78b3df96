/**
 * Rows only for roles that may read rows, on every path that hands out stored data: a run file
 * classified as rows (uploaded so, or a job's declared row outputs) is refused to the business role
 * through the v1 artifact route and MLflow's artifact proxy with 403 naming features:read-rows,
 * listed (not shown) to it, and downloaded by an ML engineer through both; nor can it become a model
 * version (readable by every role). Training-set data, uploaded batch inputs and the prediction log
 * are refused to business too. Before the rule, business downloaded batch-scoring output (rows and
 * predictions) through experiments:read.
 */
import { call, expectStatus, tokenWith } from '../testing/features';
import { nodeJob, submitJob, waitForEnd } from '../testing/jobs';
import { startTestServer, type TestServer } from '../testing/test-server';

const ROWS = 'origin,delay\nSFO,10\nJFK,5\n';
let server: TestServer;
let business: string;
let engineer: string;
let runId: string;

beforeAll(async () => {
  server = await startTestServer();
  business = await tokenWith(server, 'business');
  engineer = await tokenWith(server, 'ml-engineer');
  runId = expectStatus(await call(server, 'POST', '/api/v1/runs', {}, engineer), 201).id;
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function put(path: string, body: string, query = '', token = engineer) {
  const response = await server.request(`/api/v1/runs/${runId}/artifacts?path=${encodeURIComponent(path)}${query}`, {
    method: 'PUT',
    token,
    headers: { 'Content-Type': 'application/octet-stream' },
    body
  });
  return { status: response.status, body: await response.json() };
}

async function download(url: string, token: string): Promise<{ status: number; text: string; json?: any }> {
  const response = await server.request(url, { token });
  const text = await response.text();
  return { status: response.status, text, ...(response.headers.get('content-type')?.includes('json') ? { json: JSON.parse(text) } : {}) };
}

const v1 = (run: string, path: string) => `/api/v1/runs/${run}/artifacts/content?path=${encodeURIComponent(path)}`;
const mlflow = (run: string, path: string) => `/api/2.0/mlflow-artifacts/artifacts/runs/${run}/${path}`;

/** 403 in the route's own error form: mlportal's {error: {code, message}} or MLflow's {error_code, message}. */
function expectRowsRefusal(answer: { status: number; json?: any }): void {
  expect(answer.status).toBe(403);
  expect(answer.json.error?.code ?? answer.json.error_code).toMatch(/^(forbidden|PERMISSION_DENIED)$/);
  expect(answer.json.error?.message ?? answer.json.message).toMatch(
    /holds data rows, so reading it needs the features:read-rows permission, held by the roles .*ml-engineer.*; your token has business/
  );
}

describe('a run file classified as rows', () => {
  beforeAll(async () => {
    expect(expectStatus(await put('scored/predictions.csv', ROWS, '&rows=true'), 201)).toMatchObject({
      path: 'scored/predictions.csv',
      rows: true
    });
    expect(expectStatus(await put('report.txt', 'no rows here'), 201)).not.toHaveProperty('rows');
  });

  it('is refused to business through the v1 route, naming the permission, and downloaded by an ML engineer', async () => {
    expectRowsRefusal(await download(v1(runId, 'scored/predictions.csv'), business));
    expect(await download(v1(runId, 'scored/predictions.csv'), engineer)).toMatchObject({ status: 200, text: ROWS });
    // Files that hold no rows stay readable with experiments:read.
    expect(await download(v1(runId, 'report.txt'), business)).toMatchObject({ status: 200, text: 'no rows here' });
  });

  it('is refused to business through the MLflow artifact proxy, and downloaded by an ML engineer', async () => {
    expectRowsRefusal(await download(mlflow(runId, 'scored/predictions.csv'), business));
    expect(await download(mlflow(runId, 'scored/predictions.csv'), engineer)).toMatchObject({ status: 200, text: ROWS });
  });

  it('is listed to business as existing, without its content', async () => {
    const listed = expectStatus(await call(server, 'GET', `/api/v1/runs/${runId}/artifacts?prefix=scored`, undefined, business), 200);
    expect(listed.files).toEqual([{ path: 'scored/predictions.csv', isDir: false, size: ROWS.length, rows: true }]);
    const mlflowListing = expectStatus(
      await call(server, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=runs/${runId}/scored`, undefined, business),
      200
    );
    expect(mlflowListing.files).toEqual([{ path: 'predictions.csv', is_dir: false, file_size: ROWS.length }]);
  });

  it('loses its classification only by being replaced with a file that holds none', async () => {
    expect(expectStatus(await put('replaced.csv', ROWS, '&rows=true'), 201).rows).toBe(true);
    expectRowsRefusal(await download(v1(runId, 'replaced.csv'), business));
    expect(expectStatus(await put('replaced.csv', 'summary only'), 201)).not.toHaveProperty('rows');
    expect(await download(v1(runId, 'replaced.csv'), business)).toMatchObject({ status: 200, text: 'summary only' });
  });

  it('cannot be registered as a model version, which every role may read', async () => {
    expectStatus(await put('model.onnx', 'pretend rows', '&rows=true'), 201);
    expectStatus(await call(server, 'POST', '/api/2.0/mlflow/registered-models/create', { name: 'from-rows' }), 200);
    const refused = await call(server, 'POST', '/api/2.0/mlflow/model-versions/create', {
      name: 'from-rows',
      source: `runs:/${runId}/model.onnx`,
      run_id: runId
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/classified as holding data rows/);
  });
});

describe("a job's declared row outputs", () => {
  it('are kept classified as rows: refused to business, downloaded by an ML engineer', async () => {
    const write = `require('fs').writeFileSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'sample.csv'), ${JSON.stringify(ROWS)})`;
    const job = await submitJob(server, { name: 'rows out', command: nodeJob(write), outputs: { rows: true } }, engineer);
    expect(job.outputs).toEqual({ rows: true });
    const ended = await waitForEnd(server, job.id);
    expect(ended.state).toBe('succeeded');
    const listed = expectStatus(await call(server, 'GET', `/api/v1/runs/${ended.runId}/artifacts`, undefined, business), 200);
    expect(listed.files).toEqual([{ path: 'sample.csv', isDir: false, size: ROWS.length, rows: true }]);
    expectRowsRefusal(await download(v1(ended.runId, 'sample.csv'), business));
    expectRowsRefusal(await download(mlflow(ended.runId, 'sample.csv'), business));
    expect(await download(v1(ended.runId, 'sample.csv'), engineer)).toMatchObject({ status: 200, text: ROWS });
  }, 90_000);

  it('are not classified when the job declares none', async () => {
    const job = await submitJob(
      server,
      {
        name: 'summary out',
        command: nodeJob(`require('fs').writeFileSync(require('path').join(process.env.MLPORTAL_OUTPUT_DIR, 'auc.txt'), '0.9')`)
      },
      engineer
    );
    expect(job.outputs).toEqual({ rows: false });
    const ended = await waitForEnd(server, job.id);
    expect(await download(v1(ended.runId, 'auc.txt'), business)).toMatchObject({ status: 200, text: '0.9' });
  }, 90_000);
});

describe('data that holds rows by nature', () => {
  it('refuses business the training-set data, uploaded batch inputs and the prediction log, naming the permission', async () => {
    for (const url of ['/api/v1/features/training-sets/ts_x/data', '/api/v1/features/training-sets/ts_x/columns']) {
      const answer = await download(url, business);
      expect(answer.status).toBe(403);
      expect(answer.json.error.message).toMatch(/features:read-rows/);
    }
    const input = await download('/api/v1/batch-scoring/inputs/bi_00000000000000000000000000000000/data', business);
    expect(input.status).toBe(403);
    for (const url of [
      '/api/v1/deployments/any/predictions',
      '/api/v1/predictions/p1',
      '/api/v1/monitoring/deployments/any/labelling-queue'
    ]) {
      const answer = await download(url, business);
      expect(answer.status).toBe(403);
      expect(answer.json.error.message).toMatch(/predictions:read/);
    }
  });
});
