/**
 * The real MLflow Python client against the real server: server/mlflow/testing/mlflow_client_scenario.py
 * logs, searches, registers, aliases, stages and deletes through /api/2.0/mlflow (asserting what
 * MLflow answers as it goes), then this test checks through mlportal's own /api/v1 that what it
 * logged is there. The client lives in the test clients' environment (server/testing/test-clients.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { runTestClientScript, testClientsPython } from '../testing/test-clients';
import { startTestServer, type TestServer } from '../testing/test-server';
import { addModel } from '../registry/testing/onnx-models';

const scenario = path.join(__dirname, 'testing', 'mlflow_client_scenario.py');

interface ScenarioResult {
  experimentId: string;
  runId: string;
  otherRunIds: string[];
  model: string;
}

let server: TestServer;
let work: TempDir;

beforeAll(async () => {
  testClientsPython();
  server = await startTestServer();
  work = makeTempDir('mlflow-client');
});

afterAll(async () => {
  await server?.stop();
  work?.remove();
});

async function tokenFor(role: 'ml-engineer' | 'ml-service-engineer'): Promise<string> {
  const { token } = await server.tokens.create({ name: `mlflow ${role}`, roles: [role], createdBy: 'mlflow-client.test' });
  return token;
}

function runScenario(args: string[], env: Record<string, string>) {
  return runTestClientScript(scenario, args, {
    cwd: work.path,
    env: {
      HOME: work.path,
      // Fail at once instead of MLflow's minutes of backoff on a 5xx; no telemetry calls out of the sandbox.
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
      MLFLOW_HTTP_REQUEST_TIMEOUT: '60',
      MLFLOW_DISABLE_TELEMETRY: 'true',
      DO_NOT_TRACK: 'true',
      ...env
    }
  });
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await server.request(url, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

it('serves the real MLflow client: tracking, artifacts and the registry, visible in mlportal', async () => {
  const engineer = await tokenFor('ml-engineer');
  const service = await tokenFor('ml-service-engineer');
  const onnxFile = path.join(work.path, 'add.onnx');
  const onnxBytes = addModel();
  writeFileSync(onnxFile, onnxBytes);

  const outcome = await runScenario([onnxFile, 'flights delay (mlflow)', 'Flights.Delay', service], {
    MLFLOW_TRACKING_URI: server.url,
    MLFLOW_TRACKING_TOKEN: engineer
  });
  if (outcome.code !== 0)
    throw new Error(`the MLflow client scenario failed (exit ${outcome.code}):\n${outcome.stderr}\n${outcome.stdout}`);
  const result = JSON.parse(outcome.stdout.trim().split('\n').pop()!) as ScenarioResult;

  // The run, as mlportal's own API shows it.
  const run = await getJson<{
    experimentId: string;
    name: string;
    status: string;
    params: Record<string, string>;
    metrics: Record<string, { value: number; step: number }>;
    tags: Record<string, string>;
    origin: { source?: string };
  }>(`/api/v1/runs/${result.runId}`, engineer);
  expect(run).toMatchObject({
    experimentId: result.experimentId,
    name: 'mlflow-client',
    status: 'FINISHED',
    params: { lr: '0.01', depth: '4', optimizer: 'adam', batch_size: '32' },
    metrics: { auc: { value: 0.86, step: 2 }, 'val/loss': { value: 0.35, step: 2 }, accuracy: { value: 0.92, step: 1 } },
    tags: { team: 'fraud', stage: 'dev' },
    origin: { source: 'mlflow' }
  });
  expect(run.metrics).not.toHaveProperty('broken');
  const history = await getJson<{ history: Array<{ value: number; step: number }> }>(`/api/v1/runs/${result.runId}/metrics/auc`, engineer);
  expect(history.history.map((m) => [m.step, m.value])).toEqual([
    [0, 0.71],
    [1, 0.8],
    [2, 0.86]
  ]);
  const experiment = await getJson<{ name: string; tags: Record<string, string> }>(`/api/v1/experiments/${result.experimentId}`, engineer);
  expect(experiment).toMatchObject({ name: 'flights delay (mlflow)', tags: { team: 'fraud' } });
  const files = await getJson<{ files: Array<{ path: string; isDir: boolean }> }>(
    `/api/v1/runs/${result.runId}/artifacts?prefix=model`,
    engineer
  );
  expect(files.files.map((f) => f.path).sort()).toEqual(['model/MLmodel', 'model/model.onnx']);

  // The registered version, its lineage back to the run, the ONNX file byte for byte.
  const model = await getJson<{ description: string; productionVersion: number | null; aliases: Record<string, number> }>(
    `/api/v1/models/${result.model}`,
    engineer
  );
  expect(model).toMatchObject({ description: 'Flight delay classifier', productionVersion: 1, aliases: {} });
  const version = await getJson<{
    stage: string;
    description: string;
    lineage: { runId?: string; experimentId?: string };
    metrics: Record<string, number>;
    params: Record<string, string>;
    artifact: { size: number; signature: { inputs: Array<{ name: string }> } };
  }>(`/api/v1/models/${result.model}/versions/1`, engineer);
  expect(version).toMatchObject({
    stage: 'production',
    description: 'first ONNX export',
    lineage: { runId: result.runId, experimentId: result.experimentId },
    metrics: { auc: 0.86 },
    params: { lr: '0.01' },
    artifact: { size: onnxBytes.length, signature: { inputs: [{ name: 'X' }] } }
  });
  const lineage = await getJson<{ run?: { id: string } }>(`/api/v1/models/${result.model}/versions/1/lineage`, engineer);
  expect(lineage.run?.id).toBe(result.runId);
  const versions = await getJson<{ versions: Array<{ version: number }> }>(`/api/v1/models/${result.model}/versions`, engineer);
  expect(versions.versions.map((v) => v.version)).toEqual([1]);
  const download = await server.request(`/api/v1/models/${result.model}/versions/1/artifact`, { token: engineer });
  expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(onnxBytes));
  // Nothing was registered from the file that is not ONNX, nor left behind by the deleted scratch model.
  const models = await getJson<{ models: Array<{ name: string }> }>('/api/v1/models', engineer);
  expect(models.models.map((m) => m.name)).toEqual([result.model]);
}, 180_000);
