/**
 * Serving-only mode, started the way a Kubernetes replica starts (main.ts's startServer, MLPORTAL_MODE=serving) on the
 * store a full backend left a deployment in: it predicts through that deployment, serves the probes and /metrics, and
 * answers nothing else.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { loadConfig } from '../../config';
import { startServer, type RunningServer } from '../../main';
import { createLogger } from '../../platform/logging';
import { expectStatus } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { startTestServer } from '../../testing/test-server';
import { deploy } from '../deployments/testing/helpers';

let dataDir: TempDir;
let adminToken: string;
let replica: RunningServer | undefined;

function replicaConfig(deployments: string) {
  return loadConfig({
    MLPORTAL_DATA_DIR: dataDir.path,
    MLPORTAL_PORT: '0',
    MLPORTAL_MODE: 'serving',
    MLPORTAL_SERVE_DEPLOYMENTS: deployments,
    MLPORTAL_SERVING_WORKERS: '1'
  });
}

beforeAll(async () => {
  dataDir = makeTempDir('replica');
  // The full backend stores two deployments, then stops; the replica opens the same store.
  const full = await startTestServer({ env: { MLPORTAL_DATA_DIR: dataDir.path, MLPORTAL_SERVING_WORKERS: '1' } });
  adminToken = full.adminToken;
  try {
    await registerVersion(full, 'fares', matMulModel([0.5, -1, 2]));
    expectStatus(await deploy(full, { name: 'fares', model: 'fares', version: 1 }), 201);
    expectStatus(await deploy(full, { name: 'fares-other', model: 'fares', version: 1 }), 201);
  } finally {
    await full.stop();
  }
  replica = await startServer(replicaConfig('fares'), createLogger({ level: 'silent' }));
}, 90_000);

afterAll(async () => {
  await replica?.stop();
  dataDir.remove();
});

function request(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${replica!.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json', ...init.headers }
  });
}

describe('a serving replica (MLPORTAL_MODE=serving)', () => {
  it('predicts through the deployment it serves, with the JSON form and the Open Inference Protocol', async () => {
    const json = await request('/api/v1/deployments/fares/predict', {
      method: 'POST',
      body: JSON.stringify({
        instances: [
          [1, 2, 3],
          [0, 0, 1]
        ]
      })
    });
    expect(json.status).toBe(200);
    const answer = (await json.json()) as { predictions: number[]; predictionIds: string[]; version: number };
    expect(answer.predictions).toEqual([0.5 - 2 + 6, 2]);
    expect(answer.predictionIds).toHaveLength(2);

    const v2 = await request('/v2/models/fares/infer', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'X', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] })
    });
    expect(v2.status).toBe(200);
    expect(((await v2.json()) as { outputs: Array<{ data: number[] }> }).outputs[0].data).toEqual([4.5]);
    expect((await fetch(`${replica!.url}/v2/health/ready`)).status).toBe(200);
    expect((await fetch(`${replica!.url}/v2/health/live`)).status).toBe(200);
  });

  it('serves health and /metrics', async () => {
    expect((await request('/api/v1/health')).status).toBe(200);
    const metrics = await request('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('mlportal_inference_requests_total');
  });

  it('does not serve the rest of the API, nor deployments it was not given', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/jobs'],
      ['GET', '/api/v1/models'],
      ['GET', '/api/v1/deployments'],
      ['POST', '/api/v1/deployments'],
      ['POST', '/api/v1/batch-scoring'],
      ['GET', '/api/2.0/mlflow/experiments/search']
    ]) {
      expect([method, path, (await request(path, { method, ...(method === 'POST' ? { body: '{}' } : {}) })).status]).toEqual([
        method,
        path,
        404
      ]);
    }
    const other = await request('/api/v1/deployments/fares-other/predict', {
      method: 'POST',
      body: JSON.stringify({ instances: [[1, 2, 3]] })
    });
    expect(other.status).toBe(404);
  });

  it('refuses to start for a deployment that is not in the store', async () => {
    // Its own data dir is needed for that (one backend per data dir): the replica above gives it up.
    await replica?.stop();
    replica = undefined;
    await expect(startServer(replicaConfig('ghost'), createLogger({ level: 'silent' }))).rejects.toThrow(
      'MLPORTAL_SERVE_DEPLOYMENTS names ghost, which is not a deployment in the store'
    );
  });
});
