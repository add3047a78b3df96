/**
 * A run artifact whose name is not ASCII (数据.csv) downloads through both artifact routes, its name
 * sent as RFC 6266 asks (an ASCII fallback and the UTF-8 name): the raw name in the header once
 * made Node refuse it, a 500 after the upload had succeeded.
 */
import { call, expectStatus } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let runId: string;
const NAME = '数据.csv';
const CONTENT = 'a,b\n1,2\n';

beforeAll(async () => {
  server = await startTestServer();
  runId = expectStatus(await call(server, 'POST', '/api/v1/runs', { name: 'names', origin: { source: 'sdk' } }), 201).id;
  const put = await server.request(`/api/v1/runs/${runId}/artifacts?path=${encodeURIComponent(`tables/${NAME}`)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: CONTENT
  });
  expect(put.status).toBe(201);
});
afterAll(async () => server?.stop());

describe('a run artifact with a non-ASCII name', () => {
  it('downloads through the v1 route with an RFC 6266 Content-Disposition', async () => {
    const answer = await server.request(`/api/v1/runs/${runId}/artifacts/content?path=${encodeURIComponent(`tables/${NAME}`)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="__.csv"; filename*=UTF-8''%E6%95%B0%E6%8D%AE.csv`);
    expect(await answer.text()).toBe(CONTENT);
  });

  it('downloads through the MLflow artifact proxy, named the same way', async () => {
    const answer = await server.request(`/api/2.0/mlflow-artifacts/artifacts/runs/${runId}/tables/${encodeURIComponent(NAME)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="__.csv"; filename*=UTF-8''%E6%95%B0%E6%8D%AE.csv`);
    expect(await answer.text()).toBe(CONTENT);
  });
});
