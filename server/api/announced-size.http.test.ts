/**
 * A body announced over its limit is refused with 413 at once, before any of it is read, and the
 * connection is closed: on JSON routes, uploads, predictions (v1 API, KServe v1, v2) and MLflow.
 * The client here sends the headers only; before the early refusal the server waited for the whole
 * announced body (Node's request timeout, about 300 s).
 */
import { sendHeadersOnly } from '../testing/raw-http';
import { startTestServer, type TestServer } from '../testing/test-server';

const LIMITS = {
  MLPORTAL_MAX_BODY_BYTES: '1000',
  MLPORTAL_MAX_UPLOAD_BYTES: '2000',
  MLPORTAL_MODEL_MAX_BYTES: '3000',
  MLPORTAL_MAX_PREDICT_BYTES: '4000'
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: LIMITS });
});
afterAll(async () => server?.stop());

function announce(method: string, path: string, bytes: number, contentType = 'application/json') {
  return sendHeadersOnly(server.url, [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Authorization: Bearer ${server.adminToken}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${bytes}`
  ]);
}

describe('a body announced over its limit', () => {
  it.each([
    ['a JSON route', 'POST', '/api/v1/experiments', 'application/json', '1000 bytes (MLPORTAL_MAX_BODY_BYTES)'],
    ['a feature file upload', 'POST', '/api/v1/features/groups/g/ingest/file', 'text/csv', '2000 bytes (MLPORTAL_MAX_UPLOAD_BYTES)'],
    [
      'a run artifact upload',
      'PUT',
      '/api/v1/runs/r_1/artifacts?path=a.bin',
      'application/octet-stream',
      '2000 bytes (MLPORTAL_MAX_UPLOAD_BYTES)'
    ],
    ['a model upload', 'POST', '/api/v1/models/artifacts', 'application/octet-stream', '3000 bytes (MLPORTAL_MODEL_MAX_BYTES)'],
    ['the JSON predict route', 'POST', '/api/v1/deployments/d/predict', 'application/json', '4000 bytes (MLPORTAL_MAX_PREDICT_BYTES)'],
    ['the v2 infer route', 'POST', '/v2/models/d/infer', 'application/json', '4000 bytes (MLPORTAL_MAX_PREDICT_BYTES)'],
    ["KServe v1's predict route", 'POST', '/v1/models/d:predict', 'application/json', '4000 bytes (MLPORTAL_MAX_PREDICT_BYTES)'],
    ['an MLflow call', 'POST', '/api/2.0/mlflow/experiments/create', 'application/json', '1000 bytes (MLPORTAL_MAX_BODY_BYTES)'],
    [
      'an MLflow artifact upload',
      'PUT',
      '/api/2.0/mlflow-artifacts/artifacts/runs/r_1/a.bin',
      'application/octet-stream',
      '2000 bytes (MLPORTAL_MAX_UPLOAD_BYTES)'
    ]
  ])('is refused at once with 413 on %s', async (_what, method, path, contentType, limitText) => {
    const answer = await announce(method, path, 1_000_000_000, contentType);
    expect(answer.status).toBe(413);
    expect(answer.closed).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(2_000);
    expect(answer.text).toMatch(/connection: close/i);
    expect(answer.text).toContain(limitText);
  });

  it('is read as usual when it is within the limit (the request then waits for its body)', async () => {
    const answer = await sendHeadersOnly(
      server.url,
      [
        'POST /api/v1/experiments HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${server.adminToken}`,
        'Content-Type: application/json',
        'Content-Length: 999'
      ],
      500
    );
    expect(answer).toMatchObject({ status: 0, closed: false });
  });
});
