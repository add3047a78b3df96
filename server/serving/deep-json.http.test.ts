/**
 * The three predict routes take tensors as nested lists, which the serving code walks recursively
 * (a row's shape, Array.prototype.flat): 100,000 levels of nesting once overflowed the stack (a
 * 500). They answer 400 naming the problem, each in its own error form.
 */
import { MAX_JSON_DEPTH } from '../platform/json-depth';
import { expectStatus } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { startTestServer, type TestServer } from '../testing/test-server';
import { matMulModel } from '../registry/testing/onnx-models';
import { deploy } from './deployments/testing/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1' } });
  await registerVersion(server, 'deep', matMulModel([1, 2, 3]));
  expectStatus(await deploy(server, { name: 'deep', model: 'deep', version: 1 }), 201);
});
afterAll(async () => server?.stop());

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const TOO_DEEP = `nests lists or objects more than ${MAX_JSON_DEPTH} levels deep`;

async function post(path: string, body: string) {
  const response = await server.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('100,000-level nesting on the predict routes', () => {
  it('POST /api/v1/deployments/:name/predict: 400 json_too_deep', async () => {
    const answer = await post('/api/v1/deployments/deep/predict', `{"instances":${nested(100_000)}}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'json_too_deep', message: expect.stringContaining(TOO_DEEP) });
  });

  it("KServe v1's predict: 400 in the protocol's form", async () => {
    const answer = await post('/v1/models/deep:predict', `{"instances":${nested(100_000)}}`);
    expect(answer).toEqual({ status: 400, body: { error: expect.stringContaining(TOO_DEEP) } });
  });

  it("v2 infer: 400 in the protocol's form", async () => {
    const answer = await post(
      '/v2/models/deep/infer',
      `{"inputs":[{"name":"X","shape":[1,3],"datatype":"FP32","data":${nested(100_000)}}]}`
    );
    expect(answer).toEqual({ status: 400, body: { error: expect.stringContaining(TOO_DEEP) } });
  });

  it('still predicts at ordinary depths', async () => {
    const answer = await post('/api/v1/deployments/deep/predict', '{"instances":[[1,1,1]]}');
    expect(answer.status).toBe(200);
    expect(answer.body.predictions).toHaveLength(1);
  });
});
