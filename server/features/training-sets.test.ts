import { call, defineAirportDelays, expectStatus, ingestRows, tokenWith, upload } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;

const at = (day: number, hour = 0) => `2001-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

beforeAll(async () => {
  server = await startTestServer({ featureLimits: { maxColumnarCells: 40 } });
  await defineAirportDelays(server);
  expectStatus(
    await call(server, 'POST', '/api/v1/features/groups', {
      name: 'airport_weather',
      entity: 'airport',
      eventTime: 'observed_at',
      features: [{ name: 'wind', type: 'int64' }]
    }),
    201
  );
  // SFO has values on days 1, 3 and 10; JFK only on day 5; LAX never.
  expectStatus(
    await ingestRows(server, 'airport_delays', [
      { origin: 'SFO', ts: at(1), delay_mean: 10, flights: 1, carrier: 'UA' },
      { origin: 'SFO', ts: at(3), delay_mean: 20, flights: 2, carrier: 'UA' },
      { origin: 'SFO', ts: at(10), delay_mean: 30, flights: 3, carrier: 'AS' },
      { origin: 'JFK', ts: at(5), delay_mean: 5, flights: 4, carrier: 'B6' }
    ]),
    201
  );
  expectStatus(await ingestRows(server, 'airport_weather', [{ origin: 'SFO', observed_at: at(2, 12), wind: 7 }]), 201);
});

afterAll(async () => {
  await server.stop();
});

/** Entity rows with known answers: [origin, timestamp, expected delay_mean, expected wind]. */
const cases: Array<[string, string, number | null, number | null]> = [
  ['SFO', at(2), 10, null], // latest at or before day 2 is day 1; the wind of day 2 noon is still in the future
  ['SFO', at(3), 20, 7], // a value stamped exactly at the row's time counts
  ['SFO', '2000-12-31T00:00:00.000Z', null, null], // only future values exist: empty
  ['JFK', at(4), null, null], // JFK's only value (day 5) lies in the future
  ['JFK', at(20), 5, null],
  ['LAX', at(9), null, null], // never seen
  ['SFO', at(9, 23), 20, 7] // day 10 is still ahead
];

async function createTrainingSet(body: Record<string, unknown>, token?: string) {
  return call(server, 'POST', '/api/v1/features/training-sets', body, token);
}

describe('point-in-time training sets', () => {
  it('give each row the latest values at or before its timestamp, never after', async () => {
    const rows = cases.map(([origin, time], i) => ({ origin, event_at: time, label: i }));
    const set = expectStatus(
      await createTrainingSet({
        name: 'delays',
        entities: { rows },
        timestampColumn: 'event_at',
        features: ['airport_delays:delay_mean', 'airport_weather:wind']
      }),
      201
    );
    expect(set).toMatchObject({
      id: expect.stringMatching(/^ts_[0-9a-f]{32}$/),
      name: 'delays',
      rowCount: cases.length,
      timeRange: { min: '2000-12-31T00:00:00.000Z', max: at(20) },
      entitySource: { kind: 'rows' },
      features: [
        {
          reference: 'airport_delays@v1:delay_mean',
          group: 'airport_delays',
          version: 1,
          feature: 'delay_mean',
          column: 'delay_mean',
          type: 'float64'
        },
        { reference: 'airport_weather@v1:wind', group: 'airport_weather', version: 1, feature: 'wind', column: 'wind', type: 'int64' }
      ],
      artifact: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) }
    });
    expect(set.columns).toEqual([
      { name: 'origin', type: 'string' },
      { name: 'event_at', type: 'timestamp' },
      { name: 'label', type: 'int64' },
      { name: 'delay_mean', type: 'float64' },
      { name: 'wind', type: 'int64' }
    ]);

    const columns = expectStatus(await call(server, 'GET', `/api/v1/features/training-sets/${set.id}/columns`), 200);
    const byLabel = new Map<number, [number | null, number | null]>();
    columns.data.label.forEach((label: number, i: number) => byLabel.set(label, [columns.data.delay_mean[i], columns.data.wind[i]]));
    cases.forEach(([, , delay, wind], i) => expect({ case: i, values: byLabel.get(i) }).toEqual({ case: i, values: [delay, wind] }));
    expect(columns.data.event_at).toEqual(expect.arrayContaining(cases.map(([, time]) => time)));
  });

  it('blanks values older than the maximum age', async () => {
    const rows = [
      { origin: 'JFK', event_at: at(20) }, // 15 days after its value
      { origin: 'JFK', event_at: at(8) }, // 3 days after
      { origin: 'SFO', event_at: at(9) } // 6 days after day 3
    ];
    const set = expectStatus(
      await createTrainingSet({
        entities: { rows },
        timestampColumn: 'event_at',
        features: ['airport_delays:delay_mean'],
        maxAgeSeconds: 7 * 24 * 3600
      }),
      201
    );
    expect(set.maxAgeSeconds).toBe(604800);
    const json = await server.request(`/api/v1/features/training-sets/${set.id}/data?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toContain('application/json');
    const text = await json.text();
    const parsed = text.trim().startsWith('[')
      ? JSON.parse(text)
      : text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
    const values = Object.fromEntries(
      parsed.map((r: { origin: string; event_at: string; delay_mean: number | null }) => [
        `${r.origin} ${new Date(r.event_at).toISOString().slice(0, 10)}`,
        r.delay_mean
      ])
    );
    expect(values).toEqual({ 'JFK 2001-01-20': null, 'JFK 2001-01-08': 5, 'SFO 2001-01-09': 20 });
  });

  it('take entity rows from an uploaded file, and download as Parquet, CSV and JSON', async () => {
    const csv = 'origin,event_at\nSFO,2001-01-04T00:00:00Z\nJFK,2001-01-06T00:00:00Z\n';
    const file = expectStatus(await upload(server, '/api/v1/features/entity-files', csv, 'text/csv'), 201);
    expect(file).toMatchObject({ id: expect.stringMatching(/^ef_/), format: 'csv', bytes: csv.length });
    const set = expectStatus(
      await createTrainingSet({
        entities: { file: file.id },
        timestampColumn: 'event_at',
        features: ['airport_delays:delay_mean', 'airport_delays:carrier'],
        fullFeatureNames: true
      }),
      201
    );
    expect(set.entitySource).toEqual({ kind: 'file', file: file.id });
    expect(set.columns.map((c: { name: string }) => c.name)).toEqual([
      'origin',
      'event_at',
      'airport_delays__delay_mean',
      'airport_delays__carrier'
    ]);

    const parquet = await server.request(`/api/v1/features/training-sets/${set.id}/data`);
    expect(parquet.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(parquet.headers.get('content-disposition')).toBe(`attachment; filename="${set.id}.parquet"`);
    const bytes = Buffer.from(await parquet.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.length).toBe(set.artifact.bytes);

    const csvAnswer = await server.request(`/api/v1/features/training-sets/${set.id}/data?format=csv`);
    const lines = (await csvAnswer.text()).trim().split('\n');
    expect(lines[0]).toBe('origin,event_at,airport_delays__delay_mean,airport_delays__carrier');
    expect(lines.slice(1).sort()).toEqual([
      expect.stringMatching(/^JFK,2001-01-06.*,5(\.0)?,B6$/),
      expect.stringMatching(/^SFO,2001-01-04.*,20(\.0)?,UA$/)
    ]);
    // A second download is served from the kept rendering.
    expect((await (await server.request(`/api/v1/features/training-sets/${set.id}/data?format=csv`)).text()).trim().split('\n')).toEqual(
      lines
    );
  });

  it('refuses what cannot be joined, naming the field', async () => {
    const base = { entities: { rows: [{ origin: 'SFO', event_at: at(2) }] }, timestampColumn: 'event_at' };
    const unknown = await createTrainingSet({ ...base, features: ['airport_delays:nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('features[0]: feature group airport_delays (version 1) has no feature nope');
    const clash = await createTrainingSet({
      ...base,
      features: ['airport_delays:flights', 'versioned:flights'].slice(0, 1).concat('airport_delays@v1:flights')
    });
    expect(clash.status).toBe(400);
    const missingColumn = await createTrainingSet({ ...base, timestampColumn: 'when', features: ['airport_delays:flights'] });
    expect(missingColumn.status).toBe(400);
    expect(missingColumn.body.error.message).toBe('entities.rows[0]: the column when is missing');
    const badReference = await createTrainingSet({ ...base, features: ['delay_mean'] });
    expect(badReference.status).toBe(400);
    expect(badReference.body.error.details[0].path).toBe('body.features[0]');
    const noFile = await createTrainingSet({
      ...base,
      entities: { file: 'ef_00000000000000000000000000000000' },
      features: ['airport_delays:flights']
    });
    expect(noFile.status).toBe(404);
  });

  it('keeps the JSON columnar form bounded, pointing to the file download', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ origin: 'SFO', event_at: at(1 + i) }));
    const set = expectStatus(
      await createTrainingSet({
        entities: { rows },
        timestampColumn: 'event_at',
        features: ['airport_delays:delay_mean', 'airport_delays:flights']
      }),
      201
    );
    const answer = await call(server, 'GET', `/api/v1/features/training-sets/${set.id}/columns`);
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('training_set_too_large');
    expect(answer.body.error.details.download).toBe(`/api/v1/features/training-sets/${set.id}/data?format=parquet`);
  });

  it('are recorded: listed, read, and shown as the usage of their features', async () => {
    const list = expectStatus(await call(server, 'GET', '/api/v1/features/training-sets'), 200).trainingSets;
    expect(list.length).toBeGreaterThanOrEqual(4);
    const usage = expectStatus(await call(server, 'GET', '/api/v1/features/groups/airport_weather/usage?feature=wind'), 200);
    expect(usage.trainingSets).toHaveLength(1);
    expect(usage.trainingSets[0]).toMatchObject({ name: 'delays', version: 1, features: ['wind'], rowCount: cases.length });
    expect(usage.models).toEqual([]);
    const search = expectStatus(await call(server, 'GET', '/api/v1/features/search?q=delay_mean&kind=feature'), 200);
    expect(search.results[0]).toMatchObject({ reference: 'airport_delays:delay_mean', usage: { trainingSets: 4 } });
  });

  it('let the business role read records but not rows, and not build sets', async () => {
    const business = await tokenWith(server, 'business');
    const [first] = expectStatus(await call(server, 'GET', '/api/v1/features/training-sets', undefined, business), 200).trainingSets;
    expect((await call(server, 'GET', `/api/v1/features/training-sets/${first.id}`, undefined, business)).status).toBe(200);
    const data = await call(server, 'GET', `/api/v1/features/training-sets/${first.id}/data`, undefined, business);
    expect(data.status).toBe(403);
    expect(data.body.error.details.permission).toBe('features:read-rows');
    const build = await createTrainingSet(
      { entities: { rows: [{ origin: 'SFO', t: at(2) }] }, timestampColumn: 't', features: ['airport_delays:flights'] },
      business
    );
    expect(build.status).toBe(403);
    expect(build.body.error.details.permission).toBe('training-sets:create');
    const analyst = await tokenWith(server, 'data-analyst');
    expect(
      (
        await createTrainingSet(
          { entities: { rows: [{ origin: 'SFO', t: at(2) }] }, timestampColumn: 't', features: ['airport_delays:flights'] },
          analyst
        )
      ).status
    ).toBe(201);
  });
});
