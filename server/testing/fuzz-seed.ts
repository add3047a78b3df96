/**
 * Seeds a running backend with one of each resource the API names in its paths (a run, a model
 * version, a deployment and a prediction, a feature group and a training set, an alert rule, a job,
 * a batch-scoring input), so the fuzz run (scripts/setup/fuzz.mjs) reaches the handlers' own logic
 * instead of a 404 on every path. Run as `node -r server/testing/register-ts.cjs server/testing/fuzz-seed.ts`
 * with MLPORTAL_FUZZ_URL and MLPORTAL_FUZZ_TOKEN; its last line on stdout is the JSON of the ids.
 * A step that fails is reported on stderr and leaves its ids out: the fuzz run still runs.
 */
import { matMulModel } from '../registry/testing/onnx-models';
import { call, defineAirportDelays, expectStatus, ingestRows, upload } from './features';
import { registerVersion } from './registry';
import type { TestServer } from './test-server';

/** The path parameters' names in the OpenAPI document → values that exist on the seeded backend. */
export type SeededValues = Record<string, Array<string | number>>;

/** Everything is named NAME where the API lets one name serve (a model, a deployment, a feature group). */
const NAME = 'fuzz';

function remote(url: string, token: string): TestServer {
  const server = {
    url,
    adminToken: token,
    logs: [],
    request(path: string, init: RequestInit & { token?: string | null } = {}) {
      const { token: given = token, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (given !== null && !merged.has('Authorization')) merged.set('Authorization', `Bearer ${given}`);
      return fetch(url + path, { ...rest, headers: merged });
    }
  };
  return server as unknown as TestServer;
}

export async function seed(server: TestServer): Promise<SeededValues> {
  const values: SeededValues = { name: [NAME], version: [1], alias: ['champion'], key: ['loss'], group: [NAME], feature: ['delay_mean'] };
  const add = (param: string, value: string | number) => (values[param] = [...(values[param] ?? []), value]);
  const step = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      process.stderr.write(`mlportal fuzz seed: ${what} failed: ${(err as Error).message}\n`);
    }
  };

  await step('a run', async () => {
    const experiment = expectStatus(await call(server, 'POST', '/api/v1/experiments', { name: NAME }), 201);
    add('experimentId', experiment.id);
    const run = expectStatus(
      await call(server, 'POST', '/api/v1/runs', { experimentId: experiment.id, name: NAME, origin: { source: 'sdk' } }),
      201
    );
    add('runId', run.id);
    expectStatus(
      await call(server, 'POST', `/api/v1/runs/${run.id}/log`, { params: { lr: '0.1' }, metrics: [{ key: 'loss', value: 0.5, step: 0 }] }),
      200
    );
    for (const path of ['model/a.txt', '数据.csv']) {
      const put = await server.request(`/api/v1/runs/${run.id}/artifacts?path=${encodeURIComponent(path)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: 'a,b\n1,2\n'
      });
      if (put.status !== 201) throw new Error(`artifact ${path}: HTTP ${put.status}`);
    }
  });
  await step('a model version, its deployment and a prediction', async () => {
    await registerVersion(server, NAME, matMulModel([1, 2, 3]), { metrics: { accuracy: 0.9 } });
    const model = expectStatus(await call(server, 'GET', `/api/v1/models/${NAME}`), 200);
    expectStatus(
      await call(server, 'PUT', `/api/v1/models/${NAME}/aliases/champion`, { version: 1, expectedRevision: model.revision }),
      200
    );
    expectStatus(await call(server, 'POST', '/api/v1/deployments', { name: NAME, model: NAME, version: 1 }), 201);
    const predicted = expectStatus(await call(server, 'POST', `/api/v1/deployments/${NAME}/predict`, { instances: [[1, 2, 3]] }), 200);
    add('id', predicted.predictionIds[0]);
  });
  await step('a feature group and a training set', async () => {
    await defineAirportDelays(server, NAME);
    expectStatus(
      await ingestRows(server, NAME, [{ origin: 'ABQ', ts: '2024-01-01T00:00:00Z', delay_mean: 1.5, flights: 3, carrier: 'AA' }]),
      201
    );
    const set = expectStatus(
      await call(server, 'POST', '/api/v1/features/training-sets', {
        name: NAME,
        entities: { rows: [{ origin: 'ABQ', at: '2024-01-02T00:00:00Z' }] },
        timestampColumn: 'at',
        features: [`${NAME}:delay_mean`]
      }),
      201
    );
    add('id', set.id);
    add('name', 'airport');
  });
  await step('an alert rule', async () => {
    const rule = expectStatus(
      await call(server, 'POST', '/api/v1/alerts/rules', {
        name: NAME,
        deployment: NAME,
        kind: 'latency-p99',
        threshold: 100,
        window: '1h'
      }),
      201
    );
    add('id', rule.id);
  });
  await step('a job', async () => {
    const job = expectStatus(
      await call(server, 'POST', '/api/v1/jobs', { name: NAME, image: 'node:20', command: ['node', '-e', '0'] }),
      201
    );
    add('jobId', job.id);
  });
  await step('a batch-scoring input', async () => {
    const input = expectStatus(await upload(server, '/api/v1/batch-scoring/inputs', 'a,b,c\n1,2,3\n', 'text/csv'), 201);
    add('inputId', input.inputId);
  });
  return values;
}

if (require.main === module) {
  const url = process.env.MLPORTAL_FUZZ_URL;
  const token = process.env.MLPORTAL_FUZZ_TOKEN;
  if (!url || !token) {
    process.stderr.write('mlportal fuzz seed: set MLPORTAL_FUZZ_URL and MLPORTAL_FUZZ_TOKEN\n');
    process.exit(2);
  }
  seed(remote(url, token)).then(
    (values) => process.stdout.write(`${JSON.stringify(values)}\n`),
    (err: unknown) => {
      process.stderr.write(`mlportal fuzz seed: ${(err as Error).message}\n`);
      process.exit(1);
    }
  );
}
