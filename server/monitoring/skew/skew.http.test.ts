/**
 * Training–serving skew over HTTP: a model trained on feature-store features is served from entity
 * keys; late rows then land in the offline store with an event time before those predictions (a
 * backfill the online store had not seen when it served them), so the predictions made before the
 * backfill were served values that differ from the point-in-time offline ones, and those made after
 * it were not. The counts are checked exactly.
 */
import { fromLinearRegression } from '../../../kernels/sdk/src/onnx/linear-regression';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, defineAirportDelays, expectStatus, ingestRows, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';

let server: TestServer;
const day = (d: number) => `2001-01-${String(d).padStart(2, '0')}T00:00:00.000Z`;
/** When the first round of predictions started, the last before the backfill. */
let firstRound: string;
let secondRound: string;

const skew = (query = '', deployment = 'delays', token?: string) =>
  call(server, 'GET', `/api/v1/monitoring/deployments/${deployment}/skew${query}`, undefined, token);

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1', MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
  await defineAirportDelays(server);
  expectStatus(
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: day(1), delay_mean: 12.5, flights: 3, carrier: 'UA' },
      { origin: 'JFK', ts: day(1), delay_mean: 5, flights: 4, carrier: 'B6' },
      { origin: 'BOS', ts: day(1), delay_mean: 7, flights: 2, carrier: 'B6' }
    ]),
    201
  );
  const trainingSet = expectStatus(
    await call(server, 'POST', '/api/v1/features/training-sets', {
      entities: {
        rows: [
          { origin: 'SFO', event_at: day(2), late: 1 },
          { origin: 'JFK', event_at: day(2), late: 0 }
        ]
      },
      timestampColumn: 'event_at',
      features: ['airport_delays:flights', 'airport_delays:delay_mean']
    }),
    201
  );
  const model = fromLinearRegression({ weights: [[2], [0.5], [1]] }, { featureNames: ['delay_mean', 'flights'] });
  await registerVersion(server, 'delays', model, { trainingSetId: trainingSet.id });
  await registerVersion(server, 'delays', model);
  expectStatus(await deploy(server, { name: 'delays', model: 'delays', version: 1 }), 201);
  expectStatus(await deploy(server, { name: 'delays-plain', model: 'delays', version: 2 }), 201);

  firstRound = new Date().toISOString();
  expectStatus(
    await predict(server, 'delays', { entities: [{ origin: 'SFO' }, { origin: 'JFK' }, { origin: 'BOS' }, { origin: 'SFO' }] }),
    200
  );
  // Served from sent features, not entity keys: nothing to compare.
  expectStatus(await predict(server, 'delays', { instances: [[1, 2]] }), 200);
  expectStatus(await predict(server, 'delays-plain', { instances: [[1, 2]] }), 200);
  await server.services.serving.predictions.flush();

  // The backfill: SFO's delay and JFK's flight count as they really were a minute before the first round.
  const backfilledAt = new Date(Date.parse(firstRound) - 60_000).toISOString();
  expectStatus(
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: backfilledAt, delay_mean: 20.25, flights: 3, carrier: 'UA' },
      { origin: 'JFK', ts: backfilledAt, delay_mean: 5, flights: 6, carrier: 'B6' }
    ]),
    201
  );
  // The online store has them now: the second round is served the offline store's values.
  secondRound = new Date().toISOString();
  const second = expectStatus(await predict(server, 'delays', { entities: [{ origin: 'SFO' }, { origin: 'JFK' }] }), 200);
  expect(second.predictions).toEqual([2 * 20.25 + 0.5 * 3 + 1, 2 * 5 + 0.5 * 6 + 1]);
  await server.services.serving.predictions.flush();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('training–serving skew', () => {
  it('counts the served values that differ from the offline point-in-time values, per feature', async () => {
    const report = expectStatus(await skew(), 200);
    expect(report.deployment).toBe('delays');
    expect(report.rows).toBe(6);
    const byFeature = Object.fromEntries(report.features.map((f: { feature: string }) => [f.feature, f]));
    expect(Object.keys(byFeature).sort()).toEqual(['delay_mean', 'flights']);
    // First round: SFO was served 12.5 twice where the offline store says 20.25; JFK 5 (right), BOS 7 (right).
    expect(byFeature.delay_mean).toEqual({
      feature: 'delay_mean',
      compared: 6,
      mismatches: 2,
      mismatchShare: 2 / 6,
      meanAbsDifference: (2 * 7.75) / 6
    });
    // First round: JFK was served 4 flights where the offline store says 6.
    expect(byFeature.flights).toEqual({ feature: 'flights', compared: 6, mismatches: 1, mismatchShare: 1 / 6, meanAbsDifference: 2 / 6 });
  });

  it('reads only the window asked, and only the newest `limit` predictions', async () => {
    const after = expectStatus(await skew(`?from=${secondRound}`), 200);
    expect(after.rows).toBe(2);
    expect(after.features.map((f: { mismatches: number }) => f.mismatches)).toEqual([0, 0]);
    const newest = expectStatus(await skew('?limit=2'), 200);
    expect(newest.rows).toBe(2);
    expect(newest.features.map((f: { compared: number; mismatches: number }) => [f.compared, f.mismatches])).toEqual([
      [2, 0],
      [2, 0]
    ]);
    const before = expectStatus(await skew(`?from=${firstRound}&to=${secondRound}`), 200);
    expect(before.rows).toBe(4);
    expect(before.window).toEqual({ from: firstRound, to: secondRound });
  });

  it('compares nothing for a deployment whose predictions carry no entity keys, and answers any role that reads monitoring', async () => {
    const business = await tokenWith(server, 'business');
    expect(expectStatus(await skew('', 'delays-plain', business), 200)).toMatchObject({ rows: 0, features: [] });
  });

  it('refuses an unknown deployment (404) and a window that ends before it starts (400)', async () => {
    const unknown = await skew('', 'no-such-deployment');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('no-such-deployment');
    const backwards = await skew(`?from=${secondRound}&to=${firstRound}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toContain('from');
    expect((await skew('?limit=0')).status).toBe(400);
  });
});
