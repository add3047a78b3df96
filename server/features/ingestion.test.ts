import { readdirSync } from 'node:fs';
import path from 'node:path';
import { call, defineAirportDelays, expectStatus, ingestRows, tokenWith, upload } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_MAX_UPLOAD_BYTES: '4096' } });
  await defineAirportDelays(server);
});

afterAll(async () => {
  await server.stop();
});

const offlineFiles = () => {
  const dir = path.join(server.config.dataDir, 'features', 'offline');
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
};
const tempFiles = () => ['staging', 'uploads', 'scratch'].flatMap((d) => readdirSync(path.join(server.config.dataDir, 'features', d)));

describe('ingesting a file', () => {
  it('streams a CSV upload into a committed version with freshness and statistics', async () => {
    const csv = [
      'origin,ts,delay_mean,flights,carrier',
      'SFO,2001-01-01T00:00:00Z,10.5,3,UA',
      'SFO,2001-01-02T00:00:00Z,20.5,5,UA',
      'JFK,2001-01-03T06:00:00Z,,7,B6'
    ].join('\n');
    const answer = expectStatus(await upload(server, '/api/v1/features/groups/airport_delays/ingest/file', csv, 'text/csv'), 201);
    expect(answer).toMatchObject({
      id: expect.stringMatching(/^ing_[0-9a-f]{32}$/),
      group: 'airport_delays',
      version: 1,
      source: 'file',
      format: 'csv',
      rows: 3,
      minEventTime: '2001-01-01T00:00:00.000Z',
      maxEventTime: '2001-01-03T06:00:00.000Z',
      onlineUpdated: 2
    });

    const version = expectStatus(await call(server, 'GET', '/api/v1/features/groups/airport_delays/versions/current'), 200);
    expect(version.freshness).toMatchObject({ rows: 3, ingestions: 1, maxEventTime: '2001-01-03T06:00:00.000Z' });
    expect(version.stats.delay_mean).toMatchObject({ count: 2, nulls: 1, min: 10.5, max: 20.5, mean: 15.5 });
    expect(version.stats.delay_mean.histogram.reduce((sum: number, bin: { count: number }) => sum + bin.count, 0)).toBe(2);
    expect(version.stats.delay_mean.quantiles.p50).toBeCloseTo(15.5);
    expect(version.stats.carrier).toMatchObject({
      count: 3,
      nulls: 0,
      distinct: 2,
      topValues: [
        { value: 'UA', count: 2 },
        { value: 'B6', count: 1 }
      ]
    });
    expect(version.statsComputedAt).toEqual(expect.any(String));
    expect(tempFiles()).toEqual([]);
  });

  it('takes NDJSON named by ?format= and Parquet written by an earlier ingestion', async () => {
    const ndjson = '{"origin":"LAX","ts":"2001-02-01T00:00:00Z","delay_mean":1.5,"flights":2,"carrier":"AA"}\n';
    const answer = expectStatus(
      await upload(server, '/api/v1/features/groups/airport_delays/ingest/file?format=ndjson', ndjson, 'application/octet-stream'),
      201
    );
    expect(answer).toMatchObject({ format: 'ndjson', rows: 1 });
  });

  it('refuses rows that break the schema with their row numbers, storing nothing', async () => {
    const before = offlineFiles();
    const csv = [
      'origin,ts,delay_mean,flights,carrier',
      'SFO,2001-03-01T00:00:00Z,1.0,lots,UA',
      ',2001-03-02T00:00:00Z,2.0,1,UA',
      'SEA,2001-03-03T00:00:00Z,3.0,1,AS'
    ].join('\n');
    const answer = await upload(server, '/api/v1/features/groups/airport_delays/ingest/file', csv, 'text/csv');
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('rows_rejected');
    expect(answer.body.error.details.problemCount).toBe(2);
    expect(answer.body.error.details.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'flights' }),
      expect.objectContaining({ row: 2, column: 'origin' })
    ]);
    expect(offlineFiles()).toBe(before);
    expect(tempFiles()).toEqual([]);
    const group = expectStatus(await call(server, 'GET', '/api/v1/features/groups/airport_delays'), 200);
    expect(group.freshness.rows).toBe(4);
  });

  it('answers 413 beyond the upload limit and 415 when the format cannot be told', async () => {
    const big = 'origin,ts,delay_mean,flights,carrier\n' + 'SFO,2001-01-01T00:00:00Z,1.0,1,UA\n'.repeat(200);
    const tooLarge = await upload(server, '/api/v1/features/groups/airport_delays/ingest/file', big, 'text/csv');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toContain('MLPORTAL_MAX_UPLOAD_BYTES');
    const unknown = await upload(server, '/api/v1/features/groups/airport_delays/ingest/file', 'a,b\n1,2\n', 'application/json');
    expect(unknown.status).toBe(415);
    expect(unknown.body.error.message).toContain('?format=parquet|csv|ndjson');
    const missing = await upload(server, '/api/v1/features/groups/no_such_group/ingest/file', 'x', 'text/csv');
    expect(missing.status).toBe(404);
    expect(tempFiles()).toEqual([]);
  });
});

describe('ingesting rows', () => {
  it('checks JSON rows like a file and refuses a request that is no list of rows', async () => {
    const bad = await ingestRows(server, 'airport_delays', [{ origin: 'SFO', ts: 'not a time', delay_mean: 1, flights: 1, carrier: 'UA' }]);
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.problems[0]).toMatchObject({ row: 1, column: 'ts' });
    const shape = await call(server, 'POST', '/api/v1/features/groups/airport_delays/ingest/rows', { rows: [] });
    expect(shape.status).toBe(400);
    expect(shape.body.error.details).toEqual([{ path: 'body.rows', message: 'send at least one row' }]);
  });

  it('is for data engineers: others get 403 naming features:ingest', async () => {
    const analyst = await tokenWith(server, 'data-analyst');
    const answer = await ingestRows(
      server,
      'airport_delays',
      [{ origin: 'SFO', ts: '2001-01-01T00:00:00Z', delay_mean: 1, flights: 1, carrier: 'UA' }],
      analyst
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.details.permission).toBe('features:ingest');
  });
});

describe('previews', () => {
  it('show the latest rows to row readers but not to the business role', async () => {
    const preview = expectStatus(await call(server, 'GET', '/api/v1/features/groups/airport_delays/versions/current/preview?limit=2'), 200);
    expect(preview.columns.map((c: { name: string }) => c.name)).toEqual(['origin', 'ts', 'delay_mean', 'flights', 'carrier']);
    expect(preview.rows).toEqual([
      { origin: 'LAX', ts: '2001-02-01T00:00:00.000Z', delay_mean: 1.5, flights: 2, carrier: 'AA' },
      { origin: 'JFK', ts: '2001-01-03T06:00:00.000Z', delay_mean: null, flights: 7, carrier: 'B6' }
    ]);
    const business = await tokenWith(server, 'business');
    const refused = await call(server, 'GET', '/api/v1/features/groups/airport_delays/versions/current/preview', undefined, business);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permission).toBe('features:read-rows');
    // …while statistics stay open to it.
    expect((await call(server, 'GET', '/api/v1/features/groups/airport_delays/versions/current', undefined, business)).status).toBe(200);
  });
});

describe('SQL transforms', () => {
  it('build a 7-day windowed mean that never looks ahead', async () => {
    expectStatus(
      await call(server, 'POST', '/api/v1/features/groups', {
        name: 'flight_events',
        entity: 'airport',
        eventTime: 'ts',
        online: false,
        features: [{ name: 'delay', type: 'int64' }]
      }),
      201
    );
    expectStatus(
      await call(server, 'POST', '/api/v1/features/groups', {
        name: 'delay_7d',
        entity: 'airport',
        eventTime: 'ts',
        features: [{ name: 'delay_mean_7d', type: 'float64', description: 'Mean departure delay at the origin over the previous 7 days' }]
      }),
      201
    );
    const day = (d: number) => `2001-01-${String(d).padStart(2, '0')}T12:00:00Z`;
    expectStatus(
      await ingestRows(server, 'flight_events', [
        { origin: 'SFO', ts: day(1), delay: 10 },
        { origin: 'SFO', ts: day(3), delay: 20 },
        { origin: 'SFO', ts: day(9), delay: 60 },
        { origin: 'SFO', ts: day(20), delay: 5 },
        { origin: 'JFK', ts: day(2), delay: 100 }
      ]),
      201
    );
    const sql = `
      SELECT origin, ts,
             avg(delay) OVER (PARTITION BY origin ORDER BY ts RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS delay_mean_7d
      FROM flight_events`;
    const ingestion = expectStatus(
      await call(server, 'POST', '/api/v1/features/groups/delay_7d/ingest/transform', { sql, sources: ['flight_events'] }),
      201
    );
    expect(ingestion).toMatchObject({ source: 'transform', rows: 5, sources: ['flight_events@v1'], sql });

    const preview = expectStatus(await call(server, 'GET', '/api/v1/features/groups/delay_7d/versions/1/preview?limit=10'), 200);
    const sfo = preview.rows.filter((r: { origin: string }) => r.origin === 'SFO').reverse();
    // Each value uses only flights at or before its own time: day 1 is not pulled up by day 3, day 9 forgets day 1.
    expect(sfo.map((r: { ts: string; delay_mean_7d: number }) => [r.ts.slice(0, 10), r.delay_mean_7d])).toEqual([
      ['2001-01-01', 10],
      ['2001-01-03', 15],
      ['2001-01-09', 40],
      ['2001-01-20', 5]
    ]);
  });

  it('refuse SQL that fails, and results that do not fit the target schema, storing nothing', async () => {
    const failing = await call(server, 'POST', '/api/v1/features/groups/delay_7d/ingest/transform', {
      sql: 'SELECT nope FROM flight_events',
      sources: ['flight_events']
    });
    expect(failing.status).toBe(400);
    expect(failing.body.error.code).toBe('transform_failed');
    expect(failing.body.error.message).not.toContain(server.config.dataDir);
    const wrongShape = await call(server, 'POST', '/api/v1/features/groups/delay_7d/ingest/transform', {
      sql: 'SELECT origin, ts FROM flight_events',
      sources: ['flight_events']
    });
    expect(wrongShape.status).toBe(422);
    const unknown = await call(server, 'POST', '/api/v1/features/groups/delay_7d/ingest/transform', {
      sql: 'SELECT 1',
      sources: ['nowhere']
    });
    expect(unknown.status).toBe(404);
    const group = expectStatus(await call(server, 'GET', '/api/v1/features/groups/delay_7d'), 200);
    expect(group.freshness.ingestions).toBe(1);
  });
});
