/**
 * Monitoring's whole story, end to end over HTTP: a flights delay regression trained through the feature
 * store on January–March 2001 (a feature group of real flights rows, a training set built from it,
 * a run, the model registered with that run, so its lineage holds the training set) is deployed and
 * sent real flights from a later period that differ: May–June flights that left more than an hour
 * late, which depart hours later in the day (May–June flights as a whole barely differ from the
 * training months on these features). The drift report shows the departure hour drifted and the
 * distance not; a drift rule on the hour fires and its webhook reaches a real HTTP server on
 * 127.0.0.1, while the same rule on the distance stays quiet.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import MLR from 'ml-regression-multivariate-linear';
import { fromLinearRegression } from '../../kernels/sdk/src/onnx/linear-regression';
import { deploy, predict } from '../serving/deployments/testing/helpers';
import { call, expectStatus, ingestRows, tokenWith } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { startTestServer, type TestServer } from '../testing/test-server';
import { WebhookReceiver } from './alerts/testing/webhook-receiver';

const FLIGHTS_3M = path.resolve(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
const TRAINING_ROWS = 2000;
const TRAFFIC_ROWS = 500;
const DEPLOYMENT = 'flight-delays';

interface Flight {
  departedAt: string;
  delay: number;
  distance: number;
  hour: number;
}

/** A fixed-seed sample of the flights matching `where`. */
async function sampleFlights(where: string, rows: number): Promise<Flight[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.runAndReadAll(
      `SELECT * FROM (SELECT strftime("date", '%Y-%m-%dT%H:%M:%SZ') AS departed_at, delay, distance, hour("date") AS hour
         FROM read_parquet('${FLIGHTS_3M.replaceAll("'", "''")}') WHERE ${where})
       USING SAMPLE reservoir(${rows} ROWS) REPEATABLE (7)`
    );
    return result.getRowObjectsJS().map((row) => ({
      departedAt: String(row.departed_at),
      delay: Number(row.delay),
      distance: Number(row.distance),
      hour: Number(row.hour)
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let server: TestServer;
let receiver: WebhookReceiver;
let engineer: string;
let trainingSetId: string;

beforeAll(async () => {
  // The webhook receiver listens on 127.0.0.1, an internal address that webhooks may reach only when allowed.
  server = await startTestServer({
    env: { MLPORTAL_SERVING_WORKERS: '1', MLPORTAL_ALERT_INTERVAL_SECONDS: '0', MLPORTAL_OUTBOUND_ALLOW: '127.0.0.1' }
  });
  receiver = await WebhookReceiver.start();
  engineer = await tokenWith(server, 'ml-engineer');
}, 60_000);

afterAll(async () => {
  await receiver?.stop();
  await server?.stop();
});

describe('drift on a deployed flights model, alerted', () => {
  it('trains through the feature store, serves later late flights, reports the hour drifted, and fires the drift rule to a webhook', async () => {
    const training = await sampleFlights(`month("date") BETWEEN 1 AND 3`, TRAINING_ROWS);
    const traffic = await sampleFlights(`month("date") BETWEEN 5 AND 6 AND delay > 60`, TRAFFIC_ROWS);
    expect([training.length, traffic.length]).toEqual([TRAINING_ROWS, TRAFFIC_ROWS]);

    // The feature store: one row per flight, keyed by a flight id, at its departure time.
    expectStatus(
      await call(server, 'POST', '/api/v1/features/entities', { name: 'flight', joinKeys: [{ name: 'flight_id', type: 'int64' }] }),
      201
    );
    expectStatus(
      await call(server, 'POST', '/api/v1/features/groups', {
        name: 'flight_schedule',
        entity: 'flight',
        eventTime: 'departed_at',
        features: [
          { name: 'distance', type: 'int64', description: 'Miles flown' },
          { name: 'hour', type: 'int64', description: 'Departure hour (UTC as recorded)' }
        ]
      }),
      201
    );
    expectStatus(
      await ingestRows(
        server,
        'flight_schedule',
        training.map((f, i) => ({ flight_id: i, departed_at: f.departedAt, distance: f.distance, hour: f.hour }))
      ),
      201
    );
    const trainingSet = expectStatus(
      await call(server, 'POST', '/api/v1/features/training-sets', {
        name: 'flight delays, January–March 2001',
        entities: { rows: training.map((f, i) => ({ flight_id: i, scheduled_at: f.departedAt, delay: f.delay })) },
        timestampColumn: 'scheduled_at',
        features: ['flight_schedule:distance', 'flight_schedule:hour']
      }),
      201
    );
    trainingSetId = trainingSet.id;
    expect(trainingSet.rowCount).toBe(TRAINING_ROWS);

    // Training on what the feature store gave back, recorded as a run.
    const columns = expectStatus(await call(server, 'GET', `/api/v1/features/training-sets/${trainingSetId}/columns`), 200).data;
    const x = (columns.distance as number[]).map((distance, i) => [distance, columns.hour[i] as number]);
    const y = (columns.delay as number[]).map((delay) => [delay]);
    const regression = new MLR(x, y);
    const rmse = Math.sqrt(x.reduce((sum, row, i) => sum + (regression.predict(row)[0]! - y[i]![0]!) ** 2, 0) / x.length);
    const run = expectStatus(
      await call(server, 'POST', '/api/v1/runs', { name: 'train flight delays', origin: { trainingSetId, source: 'sdk' } }),
      201
    );
    expectStatus(
      await call(server, 'POST', `/api/v1/runs/${run.id}/log`, {
        params: { model: 'linear' },
        metrics: [{ key: 'train.rmse', value: rmse, step: 0 }]
      }),
      200
    );
    const version = await registerVersion(
      server,
      'flight-delays',
      fromLinearRegression(regression, { featureNames: ['distance', 'hour'] }),
      { runId: run.id }
    );
    expect(version.lineage).toMatchObject({ runId: run.id, trainingSetId });
    expect(version.lineage.features.map((f: { feature: string }) => f.feature).sort()).toEqual(['distance', 'hour']);

    expectStatus(await deploy(server, { name: DEPLOYMENT, model: 'flight-delays', version: version.version }), 201);
    for (let start = 0; start < traffic.length; start += 100) {
      const batch = traffic.slice(start, start + 100);
      const answer = expectStatus(await predict(server, DEPLOYMENT, { instances: batch.map((f) => [f.distance, f.hour]) }), 200);
      expect(answer.predictions).toHaveLength(batch.length);
    }
    await server.services.serving.predictions.flush();

    const report = expectStatus(await call(server, 'GET', `/api/v1/monitoring/deployments/${DEPLOYMENT}/drift`), 200);
    expect(report).toMatchObject({
      deployment: DEPLOYMENT,
      model: 'flight-delays',
      version: version.version,
      reference: { trainingSetId, rows: TRAINING_ROWS },
      window: { rows: TRAFFIC_ROWS }
    });
    const byFeature = Object.fromEntries(report.features.map((f: { feature: string }) => [f.feature, f]));
    expect(byFeature.hour).toMatchObject({ type: 'numeric', method: 'wasserstein', drifted: true });
    expect(byFeature.distance).toMatchObject({ type: 'numeric', method: 'wasserstein', drifted: false });
    expect(report.drifted).toBe(1);
    expect(byFeature.hour.score).toBeGreaterThanOrEqual(byFeature.hour.threshold);

    const rule = (feature: string) =>
      call(
        server,
        'POST',
        '/api/v1/alerts/rules',
        {
          name: `${feature} drift`,
          deployment: DEPLOYMENT,
          kind: 'drift',
          feature,
          threshold: byFeature.hour.threshold,
          window: '1h',
          notify: { webhook: receiver.url }
        },
        engineer
      );
    const hourRule = expectStatus(await rule('hour'), 201);
    const distanceRule = expectStatus(await rule('distance'), 201);

    const quiet = expectStatus(await call(server, 'POST', `/api/v1/alerts/rules/${distanceRule.id}/evaluate`, undefined, engineer), 200);
    expect(quiet.fired).toBe(false);
    expect(quiet.value).toBeCloseTo(byFeature.distance.score, 9);

    const fired = expectStatus(await call(server, 'POST', `/api/v1/alerts/rules/${hourRule.id}/evaluate`, undefined, engineer), 200);
    expect(fired.fired).toBe(true);
    expect(fired.value).toBeCloseTo(byFeature.hour.score, 9);
    expect(fired.alert).toMatchObject({
      ruleId: hourRule.id,
      deployment: DEPLOYMENT,
      kind: 'drift',
      threshold: byFeature.hour.threshold,
      webhook: { status: 'sent' }
    });

    const [post] = await receiver.waitFor(1);
    expect(post!.contentType).toBe('application/json');
    expect(post!.body.alert).toMatchObject({
      id: fired.alert.id,
      ruleId: hourRule.id,
      deployment: DEPLOYMENT,
      kind: 'drift',
      value: fired.value
    });
    expect(receiver.received).toHaveLength(1);

    const alerts = expectStatus(await call(server, 'GET', `/api/v1/alerts?deployment=${DEPLOYMENT}`), 200).alerts;
    expect(alerts).toEqual([fired.alert]);

    // The deployment's own drift threshold (its monitoring config) replaces the default in reports.
    const config = expectStatus(await call(server, 'GET', `/api/v1/monitoring/deployments/${DEPLOYMENT}/config`), 200);
    const looser = Math.ceil((byFeature.hour.score + 0.01) * 100) / 100;
    expectStatus(
      await call(
        server,
        'PUT',
        `/api/v1/monitoring/deployments/${DEPLOYMENT}/config`,
        { revision: config.revision, drift: { threshold: looser } },
        engineer
      ),
      200
    );
    const relaxed = expectStatus(await call(server, 'GET', `/api/v1/monitoring/deployments/${DEPLOYMENT}/drift`), 200);
    expect(relaxed.features.find((f: { feature: string }) => f.feature === 'hour')).toMatchObject({
      score: byFeature.hour.score,
      threshold: looser,
      drifted: false
    });
    expect(relaxed.drifted).toBe(0);
  }, 120_000);
});
