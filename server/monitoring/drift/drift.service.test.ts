/**
 * DriftService over a real store, registry and feature store: reference profiles from a version's
 * training set, window buckets built from logged rows, reports that do not depend on how the rows
 * arrived (one batch or many) nor on a restart in between (flushed buckets read back), the
 * default methods switching at 1,000 reference rows, and what an older backend stored (profiles and
 * buckets of KLL sketches) read after an upgrade.
 */
import { startTestServer, type TestServer } from '../../testing/test-server';
import { call, defineAirportDelays, expectStatus, ingestRows } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { matMulModel } from '../../registry/testing/onnx-models';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { normalSample, seededRandom } from './testing/random';
import { bucketId, type BucketDocument } from './buckets';
import type { ReferenceProfile } from './profile';
import type { FeatureSketchDocument } from './sketches/feature-sketch';
import type { LoggedRow } from './windows';

const AIRPORTS = Array.from({ length: 40 }, (_, i) => `A${String(i).padStart(2, '0')}`);
const CARRIERS = ['AA', 'UA', 'DL'];
const WINDOW = { from: '2024-05-01T10:00:00.000Z', to: '2024-05-01T11:00:00.000Z' };

async function trainedVersion(server: TestServer, model: string, trainingRows: number): Promise<number> {
  const random = seededRandom(trainingRows);
  const sets = expectStatus(
    await call(server, 'POST', '/api/v1/features/training-sets', {
      features: ['airport_delays:delay_mean', 'airport_delays:flights', 'airport_delays:carrier'],
      entities: {
        rows: Array.from({ length: trainingRows }, () => ({
          origin: AIRPORTS[Math.floor(random() * AIRPORTS.length)],
          ts: '2024-03-01T00:00:00Z'
        }))
      },
      timestampColumn: 'ts'
    }),
    201
  );
  const version = await registerVersion(server, model, matMulModel(), { trainingSetId: sets.id });
  return version.version as number;
}

function loggedRows(deployment: string, model: string, version: number, count: number, seed: number): LoggedRow[] {
  const random = seededRandom(seed);
  const delays = normalSample(random, count, 25, 6);
  return delays.map((delay, i) => ({
    deployment,
    model,
    version,
    at: new Date(Date.parse(WINDOW.from) + Math.floor((i / count) * 50 * 60_000)).toISOString(),
    features: {
      delay_mean: i % 50 === 0 ? null : delay,
      flights: 100 + Math.floor(random() * 20),
      carrier: random() < 0.5 ? 'WN' : CARRIERS[Math.floor(random() * 3)]!
    }
  }));
}

describe('drift reports', () => {
  let dir: TempDir;
  let server: TestServer;

  beforeAll(async () => {
    dir = makeTempDir('drift-service');
    server = await startTestServer({ env: { MLPORTAL_DATA_DIR: dir.path, MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
    await defineAirportDelays(server);
    const random = seededRandom(3);
    expectStatus(
      await ingestRows(
        server,
        'airport_delays',
        AIRPORTS.map((origin, i) => ({
          origin,
          ts: '2024-01-01T00:00:00Z',
          delay_mean: 10 + 5 * random(),
          flights: 50 + i,
          carrier: CARRIERS[i % 3]
        }))
      ),
      201
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    dir?.remove();
  });

  it('builds the same report from one batch, from many, and after a restart', async () => {
    const version = await trainedVersion(server, 'delays', 800);
    const rows = loggedRows('one-batch', 'delays', version, 3000, 11);
    const drift = server.services.monitoring.drift;
    drift.accept(rows);
    const many = rows.map((r) => ({ ...r, deployment: 'many-batches' }));
    for (let i = 0; i < many.length; i += 97) {
      drift.accept(many.slice(i, i + 97));
      if (i % 970 === 0) await drift.flush();
    }
    const one = await drift.report('one-batch', WINDOW);
    const split = await drift.report('many-batches', WINDOW);
    expect(one.window.rows).toBe(3000);
    expect(one.reference).toEqual({ trainingSetId: expect.stringMatching(/^ts_/), rows: 800 });
    expect({ ...split, deployment: 'one-batch' }).toEqual(one);

    // the bucket sketches hold whole-number counts and offset sums, so merging in any order gives the same; the drift is plain
    const byFeature = Object.fromEntries(one.features.map((f) => [f.feature, f]));
    expect(byFeature.delay_mean).toMatchObject({ type: 'numeric', method: 'ks', drifted: true, psiLevel: 'alert' });
    expect(byFeature.carrier).toMatchObject({ type: 'categorical', method: 'chi-square', drifted: true });
    expect(byFeature.carrier!.histogram.bins).toContain('WN');
    expect(one.drifted).toBeGreaterThanOrEqual(2);

    const history = await drift.history('one-batch', { ...WINDOW, step: '15m' });
    expect(history.steps.map((s) => s.rows).reduce((a, b) => a + b, 0)).toBe(3000);
    expect(history.steps).toHaveLength(4);

    await server.stop();
    server = await startTestServer({ env: { MLPORTAL_DATA_DIR: dir.path, MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
    const after = await call(server, 'GET', `/api/v1/monitoring/deployments/one-batch/drift?from=${WINDOW.from}&to=${WINDOW.to}`);
    expect(expectStatus(after, 200)).toEqual(one);
  }, 180_000);

  it('switches the default methods above 1,000 reference rows', async () => {
    const small = await trainedVersion(server, 'delays-small', 1000);
    const large = await trainedVersion(server, 'delays-large', 1001);
    const drift = server.services.monitoring.drift;
    drift.accept(loggedRows('small', 'delays-small', small, 500, 5));
    drift.accept(loggedRows('large', 'delays-large', large, 500, 5));
    const methods = async (deployment: string) =>
      Object.fromEntries((await drift.report(deployment, WINDOW)).features.map((f) => [f.feature, f.method]));
    expect(await methods('small')).toEqual({ delay_mean: 'ks', flights: 'ks', carrier: 'chi-square' });
    expect(await methods('large')).toEqual({ delay_mean: 'wasserstein', flights: 'wasserstein', carrier: 'jensen-shannon' });
  }, 120_000);

  it('builds again a profile stored before value grids, and leaves out the numeric sketches of buckets stored before them', async () => {
    const version = await trainedVersion(server, 'delays-legacy', 1200);
    server.services.monitoring.drift.accept(loggedRows('legacy', 'delays-legacy', version, 600, 13));
    const before = await server.services.monitoring.drift.report('legacy', WINDOW);
    // What a backend of KLL sketches stored: the profile without value grids, and a minute's bucket.
    const kll = { k: 200, n: 1, min: 30, max: 30, seed: 1, levels: [[30]] };
    const profiles = server.store.collection<ReferenceProfile>('monitoring_drift_profiles');
    const stored = (await profiles.get(`delays-legacy@v${version}`))!;
    const features = stored.features.map(({ grid: _grid, sketch, ...feature }) => {
      if (sketch.kind !== 'numeric') return { ...feature, sketch };
      const { cells: _cells, ...rest } = sketch;
      return { ...feature, sketch: { ...rest, kll } };
    });
    await profiles.update(stored._id, stored._rev, { features } as unknown as Partial<ReferenceProfile>);
    const start = '2024-05-01T10:55:00.000Z';
    const delay = stored.features.find((f) => f.feature === 'delay_mean')!.sketch as FeatureSketchDocument & { kind: 'numeric' };
    const legacyBucket = { deployment: 'legacy', model: 'delays-legacy', version, start, rows: 1 };
    await server.store.collection<BucketDocument>('monitoring_drift_buckets').insert({
      _id: bucketId(legacyBucket),
      ...legacyBucket,
      features: [
        {
          feature: 'delay_mean',
          sketch: { kind: 'numeric', count: 1, nulls: 0, sum: 30, sumSquares: 900, kll, edges: delay.edges, bins: delay.bins.map(() => 0) }
        }
      ]
    } as unknown as BucketDocument);

    await server.stop();
    server = await startTestServer({ env: { MLPORTAL_DATA_DIR: dir.path, MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
    const after = await server.services.monitoring.drift.report('legacy', WINDOW);
    expect(after.window.rows).toBe(601);
    expect(after.features).toEqual(before.features);
    const rebuilt = await server.store.collection<ReferenceProfile>('monitoring_drift_profiles').get(stored._id);
    expect(rebuilt!.features.every((f) => f.kind !== 'numeric' || f.grid)).toBe(true);
  }, 180_000);

  it('answers 404 for a window without predictions, and 400 for a window that ends before it starts', async () => {
    expect((await call(server, 'GET', '/api/v1/monitoring/deployments/nothing-here/drift')).status).toBe(404);
    expect((await call(server, 'GET', `/api/v1/monitoring/deployments/one-batch/drift?from=${WINDOW.to}&to=${WINDOW.from}`)).status).toBe(
      400
    );
  });
});
