/**
 * Feature-enriched prediction: a model trained on feature-store features (its lineage) with ONNX
 * feature_names is sent entity keys; the server fetches the online values in the model's column
 * order and answers what the same features sent directly give.
 */
import path from 'node:path';
import { fromLinearRegression } from '../../kernels/sdk/src/onnx/linear-regression';
import { call, defineAirportDelays, expectStatus, ingestRows } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { runTestClientScript } from '../testing/test-clients';
import { startTestServer, type TestServer } from '../testing/test-server';
import { deploy, predict } from './deployments/testing/helpers';

let server: TestServer;
const at = (day: number) => `2001-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1' } });
  await defineAirportDelays(server);
  expectStatus(
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: at(1), delay_mean: 10, flights: 1, carrier: 'UA' },
      { origin: 'JFK', ts: at(2), delay_mean: 5, flights: 4, carrier: 'B6' },
      { origin: 'SFO', ts: at(3), delay_mean: 12, flights: 3, carrier: 'UA' },
      { origin: 'BOS', ts: at(3), delay_mean: null, flights: 2, carrier: 'B6' }
    ]),
    201
  );
  const trainingSet = expectStatus(
    await call(server, 'POST', '/api/v1/features/training-sets', {
      name: 'delays',
      entities: {
        rows: [
          { origin: 'SFO', event_at: at(4), late: 1 },
          { origin: 'JFK', event_at: at(4), late: 0 }
        ]
      },
      timestampColumn: 'event_at',
      features: ['airport_delays:flights', 'airport_delays:delay_mean']
    }),
    201
  );
  // prediction = 2·delay_mean + 0.5·flights + 1; the model's column order differs from the training set's.
  const model = fromLinearRegression({ weights: [[2], [0.5], [1]] }, { featureNames: ['delay_mean', 'flights'] });
  await registerVersion(server, 'late', model, { trainingSetId: trainingSet.id });
  await registerVersion(server, 'late', model);
  expectStatus(await deploy(server, { name: 'late', model: 'late', version: 1 }), 201);
  expectStatus(await deploy(server, { name: 'late-plain', model: 'late', version: 2 }), 201);
});

afterAll(async () => {
  await server?.stop();
});

describe('feature-enriched prediction', () => {
  it('answers for entity keys what the same features sent directly give, and logs the features by name', async () => {
    const enriched = expectStatus(await predict(server, 'late', { entities: [{ origin: 'SFO' }, { origin: 'JFK' }] }), 200);
    const direct = expectStatus(
      await predict(server, 'late', {
        instances: [
          [12, 3],
          [5, 4]
        ]
      }),
      200
    );
    expect(enriched.predictions).toEqual(direct.predictions);
    expect(enriched.predictions).toEqual([2 * 12 + 0.5 * 3 + 1, 2 * 5 + 0.5 * 4 + 1]);

    await server.services.serving.predictions.flush();
    const [sfo, jfk] = await server.services.serving.predictions.get(enriched.predictionIds);
    expect(sfo).toMatchObject({ features: { delay_mean: 12, flights: 3 }, inputs: null, entityKeys: { origin: 'SFO' }, prediction: 26.5 });
    expect(jfk).toMatchObject({ features: { delay_mean: 5, flights: 4 }, entityKeys: { origin: 'JFK' } });
    const [sent] = await server.services.serving.predictions.get([direct.predictionIds[0]]);
    expect(sent).toMatchObject({ features: { delay_mean: 12, flights: 3 }, entityKeys: null });
  });

  it('refuses an entity without an online value, naming the entity and the feature', async () => {
    const unknown = await predict(server, 'late', { entities: [{ origin: 'SFO' }, { origin: 'LAX' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('"LAX"');
    expect(unknown.body.error.message).toContain('delay_mean');
    const nullValue = await predict(server, 'late', { entities: [{ origin: 'BOS' }] });
    expect(nullValue.status).toBe(400);
    expect(nullValue.body.error.message).toMatch(/BOS.*delay_mean/);
  });

  it('refuses entities for a version without feature lineage, and bodies that send both or neither form', async () => {
    const plain = await predict(server, 'late-plain', { entities: [{ origin: 'SFO' }] });
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toBe('model version late v2 has no feature lineage: send the features themselves');
    expect(expectStatus(await predict(server, 'late-plain', { instances: [[1, 2]] }), 200).predictions).toEqual([4]);
    expect((await predict(server, 'late', { instances: [[1, 2]], entities: [{ origin: 'SFO' }] })).status).toBe(400);
    expect((await predict(server, 'late', {})).status).toBe(400);
  });
});

describe('feature-enriched prediction over the Open Inference Protocol (v2): a BYTES input "entity_keys"', () => {
  const entityKeys = (keys: unknown[], extra: Record<string, unknown> = {}) => ({
    name: 'entity_keys',
    shape: [keys.length],
    datatype: 'BYTES',
    data: keys,
    ...extra
  });
  async function infer(deployment: string, inputs: unknown[]): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}/v2/models/${deployment}/infer`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs })
    });
    return { status: response.status, body: await response.json() };
  }

  it('answers for entity keys what the features themselves give, and logs the keys and features', async () => {
    const keys = [JSON.stringify({ origin: 'SFO' }), JSON.stringify({ origin: 'JFK' })];
    const enriched = await infer('late', [entityKeys(keys)]);
    expect(enriched.status).toBe(200);
    expect(enriched.body).toMatchObject({
      model_name: 'late',
      model_version: '1',
      outputs: [{ name: 'prediction', datatype: 'FP32', shape: [2, 1], data: [26.5, 13] }]
    });
    const direct = await infer('late', [{ name: 'input', shape: [2, 2], datatype: 'FP32', data: [12, 3, 5, 4] }]);
    expect(direct.body.outputs[0].data).toEqual(enriched.body.outputs[0].data);

    const ids: string[] = enriched.body.parameters.prediction_ids;
    await server.services.serving.predictions.flush();
    const [sfo, jfk] = await server.services.serving.predictions.get(ids);
    expect(sfo).toMatchObject({ features: { delay_mean: 12, flights: 3 }, entityKeys: { origin: 'SFO' }, prediction: 26.5 });
    expect(jfk).toMatchObject({ features: { delay_mean: 5, flights: 4 }, entityKeys: { origin: 'JFK' }, prediction: 13 });
  });

  it('takes the shape [rows, 1] and objects as well as JSON strings', async () => {
    const answer = await infer('late', [{ name: 'entity_keys', shape: [1, 1], datatype: 'BYTES', data: [{ origin: 'SFO' }] }]);
    expect(answer.status).toBe(200);
    expect(answer.body.outputs[0].data).toEqual([26.5]);
  });

  it("refuses bad entity keys in the protocol's error form, naming what was wrong", async () => {
    const cases: Array<[unknown[], number, string]> = [
      [
        [entityKeys(['{"origin": "LAX"}'])],
        400,
        'entity {"origin":"LAX"} has no online value for feature delay_mean (airport_delays@v1:delay_mean); ingest it, or send the features themselves'
      ],
      [
        [entityKeys(['{origin: SFO}'])],
        400,
        'input "entity_keys", element 0 is not JSON: "{origin: SFO}"; send an object such as {"origin": "SFO"}'
      ],
      [[entityKeys(['["SFO"]'])], 400, 'input "entity_keys", element 0 must be a JSON object of entity keys, such as {"origin": "SFO"}'],
      [
        [entityKeys(['{"origin": {"code": "SFO"}}'])],
        400,
        'input "entity_keys", element 0: key "origin" must be a string, number or boolean'
      ],
      [
        [entityKeys(['{"origin": "SFO"}'], { datatype: 'FP32', data: [1] })],
        400,
        'input "entity_keys" must have datatype BYTES (one JSON object per row), not FP32'
      ],
      [
        [entityKeys(['{"origin": "SFO"}'], { shape: [1, 2], data: ['{"origin": "SFO"}', '{}'] })],
        400,
        'input "entity_keys": shape [1, 2] given; send [rows] or [rows, 1]'
      ],
      [
        [entityKeys(['{"origin": "SFO"}']), { name: 'input', shape: [1, 2], datatype: 'FP32', data: [1, 2] }],
        400,
        'input "entity_keys" (entity keys for feature-enriched prediction) comes alone: send either the entity keys or the model\'s inputs'
      ],
      [[entityKeys(['{"origin": "SFO"}'])], 400, 'model version late v2 has no feature lineage: send the features themselves']
    ];
    for (const [index, [inputs, status, message]] of cases.entries()) {
      const answer = await infer(index === cases.length - 1 ? 'late-plain' : 'late', inputs);
      expect({ index, status: answer.status, body: answer.body }).toEqual({ index, status, body: { error: message } });
    }
  });

  it('works from tritonclient.http, binary and JSON', async () => {
    const result = await runTestClientScript(path.join(__dirname, 'protocol', 'testing', 'tritonclient_entities.py'), [
      new URL(server.url).host,
      server.adminToken,
      'late'
    ]);
    if (result.code !== 0) throw new Error(`the tritonclient scenario failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
    const seen = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(seen).toEqual({
      binary: [[26.5], [13]],
      json: [[13]],
      ids: 2,
      missing: { status: '400', message: expect.stringContaining('entity {"origin":"LAX"} has no online value for feature delay_mean') }
    });
  }, 120_000);
});
