/**
 * Batch scoring end to end: submitted over HTTP, run as a local job (score-cli in its own process, onnxruntime-node,
 * DuckDB), its predictions kept as run artifacts and read back with DuckDB; bad requests refused before any job exists.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { call, defineAirportDelays, expectStatus, ingestRows, tokenWith, upload } from '../../testing/features';
import { jobLogs, waitForEnd } from '../../testing/jobs';
import { readParquet } from '../../testing/parquet-files';
import { registerVersion } from '../../testing/registry';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { matMulModel } from '../../registry/testing/onnx-models';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const WEIGHTS = [0.5, 2];

/** score = 0.5 · delay_mean + 2 · flights, float32 [batch, 2] → [batch, 1], with the feature names the SDK's exporters write. */
function delayModel(): Uint8Array {
  const info = (name: string, width: number): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } }
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlportal-tests',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: [{ key: 'feature_names', value: JSON.stringify(['delay_mean', 'flights']) }],
    graph: {
      name: 'delay',
      node: [{ opType: 'MatMul', input: ['features', 'W'], output: ['score'] }],
      initializer: [{ name: 'W', dims: [2, 1], dataType: FLOAT, floatData: WEIGHTS }],
      input: [info('features', 2)],
      output: [info('score', 1)]
    }
  });
  return onnx.ModelProto.encode(model).finish();
}

const expected = (delay: number, flights: number) => WEIGHTS[0] * delay + WEIGHTS[1] * flights;

let server: TestServer;
let temp: TempDir;
let trainingSetId: string;

const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

beforeAll(async () => {
  server = await startTestServer();
  temp = makeTempDir('batch-scoring');
  await defineAirportDelays(server);
  expectStatus(
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: at(1), delay_mean: 10, flights: 1, carrier: 'UA' },
      { origin: 'SFO', ts: at(3), delay_mean: 20, flights: 2, carrier: 'UA' },
      { origin: 'JFK', ts: at(2), delay_mean: 5, flights: 4, carrier: 'B6' }
    ]),
    201
  );
  const rows = [
    { origin: 'SFO', event_at: at(2), late: 0 },
    { origin: 'SFO', event_at: at(4), late: 1 },
    { origin: 'JFK', event_at: at(5), late: 0 },
    { origin: 'SFO', event_at: at(3), late: 1 }
  ];
  const set = expectStatus(
    await call(server, 'POST', '/api/v1/features/training-sets', {
      entities: { rows },
      timestampColumn: 'event_at',
      features: ['airport_delays:delay_mean', 'airport_delays:flights']
    }),
    201
  );
  trainingSetId = set.id;
  await registerVersion(server, 'delays', delayModel());
}, 60_000);

afterAll(async () => {
  await server.stop();
  temp.remove();
});

async function jobCount(): Promise<number> {
  return expectStatus(await call(server, 'GET', '/api/v1/jobs'), 200).jobs.length;
}

async function artifact(runId: string, name: string): Promise<Buffer> {
  const response = await server.request(`/api/v1/runs/${runId}/artifacts/content?path=${name}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function scoredJob(body: Record<string, unknown>): Promise<any> {
  const job = expectStatus(await call(server, 'POST', '/api/v1/batch-scoring', body), 201);
  expect(job).toMatchObject({ state: 'queued', inputs: { modelVersions: [{ model: 'delays', version: 1 }] } });
  const ended = await waitForEnd(server, job.id);
  if (ended.state !== 'succeeded') throw new Error(`scoring job ${ended.state}: ${ended.reason}\n${await jobLogs(server, job.id)}`);
  return ended;
}

describe('batch scoring', () => {
  it('scores a training set as a job whose run keeps predictions.parquet: the input rows plus the model’s output', async () => {
    const job = await scoredJob({ model: 'delays', version: 1, trainingSetId, format: 'parquet' });
    expect(await jobLogs(server, job.id)).toMatch(/scoring 4 rows with model delays version 1/);

    const file = path.join(temp.path, 'predictions.parquet');
    writeFileSync(file, await artifact(job.runId, 'predictions.parquet'));
    const rows = await readParquet(file);
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0])).toEqual(['origin', 'event_at', 'late', 'delay_mean', 'flights', 'score']);
    for (const row of rows) expect(row.score).toBe(expected(Number(row.delay_mean), Number(row.flights)));
    // In the training set's own row order, each row's point-in-time features scored.
    expect(rows.map((r) => [r.origin, r.delay_mean, r.score])).toEqual([
      ['SFO', 10, expected(10, 1)],
      ['SFO', 20, expected(20, 2)],
      ['JFK', 5, expected(5, 4)],
      ['SFO', 20, expected(20, 2)]
    ]);
  }, 90_000);

  it('scores an uploaded CSV into predictions.csv', async () => {
    const csv = 'flight,flights,delay_mean\nUA1,3,12.5\nB62,0,7\nAS3,10,0\n';
    const input = expectStatus(await upload(server, '/api/v1/batch-scoring/inputs', csv, 'text/csv'), 201);
    expect(input).toMatchObject({
      inputId: expect.stringMatching(/^bi_[0-9a-f]{32}$/),
      format: 'csv',
      rows: 3,
      columns: ['flight', 'flights', 'delay_mean']
    });

    const job = await scoredJob({ model: 'delays', version: 1, inputId: input.inputId, format: 'csv' });
    const text = (await artifact(job.runId, 'predictions.csv')).toString('utf8');
    const [header, ...lines] = text.trim().split('\n');
    expect(header).toBe('flight,flights,delay_mean,score');
    const rows = lines
      .map((line) => line.split(','))
      .map(([flight, flights, delay, score]) => [flight, Number(flights), Number(delay), Number(score)]);
    expect(rows).toEqual([
      ['UA1', 3, 12.5, expected(12.5, 3)],
      ['B62', 0, 7, expected(7, 0)],
      ['AS3', 10, 0, expected(0, 10)]
    ]);
  }, 90_000);

  it('keeps its output as rows: business is refused it on both artifact routes, naming features:read-rows; an ML engineer reads it', async () => {
    const input = expectStatus(await upload(server, '/api/v1/batch-scoring/inputs', 'flights,delay_mean\n1,2\n', 'text/csv'), 201);
    const job = await scoredJob({ model: 'delays', version: 1, inputId: input.inputId, format: 'csv' });
    const business = await tokenWith(server, 'business');
    const engineer = await tokenWith(server, 'ml-engineer');
    for (const url of [
      `/api/v1/runs/${job.runId}/artifacts/content?path=predictions.csv`,
      `/api/2.0/mlflow-artifacts/artifacts/runs/${job.runId}/predictions.csv`
    ]) {
      const refused = await server.request(url, { token: business });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/needs the features:read-rows permission/);
      const allowed = await server.request(url, { token: engineer });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toMatch(/^flights,delay_mean,score\n1,2,3(\.0)?\n$/);
    }
    // Listed to business as existing, classified; the job says its outputs hold rows.
    const listed = expectStatus(await call(server, 'GET', `/api/v1/runs/${job.runId}/artifacts`, undefined, business), 200);
    expect(listed.files).toEqual([expect.objectContaining({ path: 'predictions.csv', rows: true })]);
    expect(job.outputs).toEqual({ rows: true });
  }, 90_000);

  it('fails the job, saying which row and feature, when a row has no value for a feature', async () => {
    // LAX has no delays recorded: its point-in-time features are empty.
    const set = expectStatus(
      await call(server, 'POST', '/api/v1/features/training-sets', {
        entities: {
          rows: [
            { origin: 'SFO', event_at: at(2) },
            { origin: 'LAX', event_at: at(2) }
          ]
        },
        timestampColumn: 'event_at',
        features: ['airport_delays:delay_mean', 'airport_delays:flights']
      }),
      201
    );
    const job = expectStatus(
      await call(server, 'POST', '/api/v1/batch-scoring', { model: 'delays', version: 1, trainingSetId: set.id, format: 'parquet' }),
      201
    );
    const ended = await waitForEnd(server, job.id);
    expect(ended).toMatchObject({ state: 'failed', reason: 'exit code 1' });
    expect(await jobLogs(server, job.id)).toContain('batch scoring failed: row 2: delay_mean is empty, and the model needs a value');
  }, 90_000);

  describe('refuses what cannot be scored, naming it, and submits nothing', () => {
    let jobsBefore: number;
    beforeEach(async () => {
      jobsBefore = await jobCount();
    });
    afterEach(async () => {
      expect(await jobCount()).toBe(jobsBefore);
    });

    it('an unknown version', async () => {
      const answer = await call(server, 'POST', '/api/v1/batch-scoring', { model: 'delays', version: 9, trainingSetId, format: 'parquet' });
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toMatch(/^body\.version: .*delays.*9/);
    });

    it('an unknown training set', async () => {
      const answer = await call(server, 'POST', '/api/v1/batch-scoring', {
        model: 'delays',
        version: 1,
        trainingSetId: 'ts_0123456789abcdef0123456789abcdef',
        format: 'parquet'
      });
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toBe('body.trainingSetId: no training set with id ts_0123456789abcdef0123456789abcdef');
    });

    it('an unknown uploaded file', async () => {
      const answer = await call(server, 'POST', '/api/v1/batch-scoring', {
        model: 'delays',
        version: 1,
        inputId: 'bi_0123456789abcdef0123456789abcdef',
        format: 'csv'
      });
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toBe('body.inputId: no uploaded batch-scoring input with id bi_0123456789abcdef0123456789abcdef');
    });

    it('a file whose columns are not the model’s feature names', async () => {
      const input = expectStatus(await upload(server, '/api/v1/batch-scoring/inputs', 'delay,flights\n1,2\n', 'text/csv'), 201);
      const answer = await call(server, 'POST', '/api/v1/batch-scoring', {
        model: 'delays',
        version: 1,
        inputId: input.inputId,
        format: 'parquet'
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'columns_mismatch', details: { field: 'body.inputId', missing: ['delay_mean'] } });
      expect(answer.body.error.message).toBe(
        `the uploaded file ${input.inputId} lacks the column delay_mean that model delays version 1 needs (its features: delay_mean, flights; it has: delay, flights)`
      );
    });

    it('a model whose columns cannot be known (a 2-D input without feature names)', async () => {
      await registerVersion(server, 'unnamed', matMulModel());
      const answer = await call(server, 'POST', '/api/v1/batch-scoring', {
        model: 'unnamed',
        version: 1,
        trainingSetId,
        format: 'parquet'
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('unscorable_model');
      expect(answer.body.error.message).toMatch(/^model unnamed version 1 has no feature names \(ONNX metadata "feature_names"\)/);
    });

    it('an output format it does not write, or both sources, or none', async () => {
      const xlsx = await call(server, 'POST', '/api/v1/batch-scoring', { model: 'delays', version: 1, trainingSetId, format: 'xlsx' });
      expect(xlsx.status).toBe(400);
      expect(JSON.stringify(xlsx.body.error.details)).toContain('must be parquet or csv');
      const none = await call(server, 'POST', '/api/v1/batch-scoring', { model: 'delays', version: 1, format: 'csv' });
      expect(none.status).toBe(400);
      expect(JSON.stringify(none.body.error.details)).toContain('name exactly one of trainingSetId and inputId');
    });

    it('an upload that is not the format it claims, or of no format it reads', async () => {
      const notParquet = await upload(
        server,
        '/api/v1/batch-scoring/inputs',
        'delay_mean,flights\n1,2\n',
        'application/vnd.apache.parquet'
      );
      expect(notParquet.status).toBe(400);
      expect(notParquet.body.error.code).toBe('unreadable_input');
      expect(notParquet.body.error.message).toMatch(/^the file could not be read as Parquet: /);
      const json = await upload(server, '/api/v1/batch-scoring/inputs', '{"a":1}', 'application/json');
      expect(json.status).toBe(415);
    });
  });
});
