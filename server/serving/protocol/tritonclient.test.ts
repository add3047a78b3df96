/**
 * The real tritonclient HTTP client (pip-installed into .venv-test-clients) against a test server
 * with a deployed model: it works unchanged, and our errors reach it as InferenceServerException
 * with our message.
 */
import path from 'node:path';
import { expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { runTestClientScript } from '../../testing/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy } from '../deployments/testing/helpers';

const WEIGHTS = [0.5, -1, 2];
const ROWS = [
  [1, 2, 3],
  [0.5, -1, 4]
];
const expected = ROWS.map((row) => [row.reduce((sum, x, i) => sum + x * WEIGHTS[i], 0)]);

describe('tritonclient.http against the v2 endpoint', () => {
  let server: TestServer;
  let seen: any;

  beforeAll(async () => {
    server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1' } });
    await registerVersion(server, 'delay', matMulModel(WEIGHTS));
    expectStatus(await deploy(server, { name: 'delays', model: 'delay', version: 1 }), 201);
    const token = await tokenWith(server, 'ml-service-engineer');
    const result = await runTestClientScript(path.join(__dirname, 'testing', 'tritonclient_scenario.py'), [
      new URL(server.url).host,
      token,
      'delays'
    ]);
    if (result.code !== 0) throw new Error(`the tritonclient scenario failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
    seen = JSON.parse(result.stdout.trim().split('\n').pop()!);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  test('health, readiness and metadata', () => {
    expect(seen).toMatchObject({ live: true, ready: true, model_ready: true, unknown_model_ready: false });
    expect(seen.server_metadata).toMatchObject({ name: 'mlportal' });
    expect(seen.metadata).toEqual({
      name: 'delays',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'X', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'Y', datatype: 'FP32', shape: [-1, 1] }]
    });
  });

  test('infer with numpy inputs, binary and JSON, gives what the model computes', () => {
    expect(seen.binary.y).toEqual(expected);
    expect(seen.binary.response).toMatchObject({ model_name: 'delays', model_version: '1' });
    expect(seen.binary.response.parameters.prediction_ids).toHaveLength(2);
    expect(seen.json.y).toEqual(expected);
    expect(seen.json.response).toMatchObject({ id: 'from-tritonclient', model_version: '1' });
    expect(seen.all_outputs.y).toEqual([expected[0]]);
  });

  test('bad requests raise InferenceServerException with our message and status', () => {
    expect(seen.errors).toEqual({
      bad_shape: { status: '400', message: 'input "X": dimension 1 is 4, the model expects 3' },
      wrong_datatype: { status: '400', message: 'input "X": datatype FP64 given, the model expects FP32' },
      missing_input: { status: '400', message: 'unknown input "Z"; the model\'s inputs are "X"' },
      nan: { status: '400', message: 'input "X": element 1 is NaN; the model accepts finite numbers only' },
      unknown_model: { status: '404', message: 'no deployment named "no-such-model" is being served' },
      unknown_version: { status: '404', message: 'deployment "delays" has no version 7; it serves version 1' },
      no_token: { status: '401', message: expect.stringMatching(/no Authorization header was sent/) }
    });
  });
});
