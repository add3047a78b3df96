/**
 * The online store and the catalog on both document stores: the domain uses only the store port,
 * so the same behaviour must come out of SQLite and a MongoDB-wire server (FerretDB, or the
 * MongoDB at MLPORTAL_TEST_MONGO_URL).
 */
import { COLLECTIONS, type GroupDocument } from './documents';
import { call, defineAirportDelays, expectStatus, ingestRows, tokenWith } from '../testing/features';
import { storeTargets } from '../testing/store-targets';
import { startTestServerOn, type TestServer } from '../testing/test-server';

const row = (origin: string, day: number, delay: number, carrier = 'UA') => ({
  origin,
  ts: `2001-01-${String(day).padStart(2, '0')}T00:00:00Z`,
  delay_mean: delay,
  flights: day,
  carrier
});

describe.each(storeTargets('features'))('the online store on $name', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(target);
    expect(server.store.kind).toBe(target.name);
    await defineAirportDelays(server);
    expectStatus(
      await call(server, 'POST', '/api/v1/features/groups', {
        name: 'airport_weather',
        entity: 'airport',
        eventTime: 'observed_at',
        features: [
          { name: 'wind', type: 'int64' },
          { name: 'storm', type: 'bool' },
          { name: 'updated', type: 'timestamp' }
        ]
      }),
      201
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('keeps the latest values per entity, never replacing them with older ones', async () => {
    expect(
      expectStatus(await ingestRows(server, 'airport_delays', [row('SFO', 3, 30), row('SFO', 1, 10), row('JFK', 2, 20)]), 201).onlineUpdated
    ).toBe(2);
    // Older than what is stored for SFO, newer for JFK.
    expect(expectStatus(await ingestRows(server, 'airport_delays', [row('SFO', 2, 99), row('JFK', 5, 50, 'B6')]), 201).onlineUpdated).toBe(
      1
    );
    expectStatus(
      await ingestRows(server, 'airport_weather', [
        { origin: 'SFO', observed_at: '2001-01-04T10:00:00Z', wind: 12, storm: true, updated: '2001-01-04T11:00:00+01:00' }
      ]),
      201
    );

    const answer = expectStatus(
      await call(server, 'POST', '/api/v1/features/online', {
        features: [
          'airport_delays:delay_mean',
          'airport_weather:wind',
          'airport_delays:carrier',
          'airport_weather:storm',
          'airport_weather:updated'
        ],
        entities: [{ origin: 'JFK' }, { origin: 'LAX' }, { origin: 'SFO' }, { origin: 'JFK', extra: 1 }]
      }),
      200
    );
    expect(answer.features.map((f: { reference: string; type: string; version: number }) => [f.reference, f.type, f.version])).toEqual([
      ['airport_delays:delay_mean', 'float64', 1],
      ['airport_weather:wind', 'int64', 1],
      ['airport_delays:carrier', 'string', 1],
      ['airport_weather:storm', 'bool', 1],
      ['airport_weather:updated', 'timestamp', 1]
    ]);
    expect(answer.values).toEqual([
      [50, null, 'B6', null, null],
      [null, null, null, null, null],
      [30, 12, 'UA', true, '2001-01-04T10:00:00.000Z'],
      [50, null, 'B6', null, null]
    ]);
    expect(answer.eventTimes[2]).toEqual({
      'airport_delays@v1': '2001-01-03T00:00:00.000Z',
      'airport_weather@v1': '2001-01-04T10:00:00.000Z'
    });
  });

  it('answers a wide batch in one request, in request order', async () => {
    const origins = Array.from({ length: 60 }, (_, i) => `A${String(i).padStart(2, '0')}`);
    expectStatus(
      await ingestRows(
        server,
        'airport_delays',
        origins.map((origin, i) => row(origin, 1 + (i % 28), i))
      ),
      201
    );
    const entities = [...origins].reverse().map((origin) => ({ origin }));
    const answer = expectStatus(
      await call(server, 'POST', '/api/v1/features/online', {
        features: ['airport_delays:delay_mean', 'airport_delays:flights'],
        entities
      }),
      200
    );
    expect(answer.values).toEqual(entities.map(({ origin }) => [Number(origin.slice(1)), 1 + (Number(origin.slice(1)) % 28)]));
  });

  it('rebuilds from the offline store on materialize', async () => {
    const materialized = expectStatus(await call(server, 'POST', '/api/v1/features/groups/airport_delays/materialize'), 200);
    expect(materialized).toEqual({ group: 'airport_delays', version: 1, entities: 62, updated: 0 });
  });

  it('explains bad lookups: unknown groups and features, missing keys; and hides values from the business role', async () => {
    const unknownGroup = await call(server, 'POST', '/api/v1/features/online', { features: ['nowhere:x'], entities: [{ origin: 'SFO' }] });
    expect(unknownGroup.status).toBe(404);
    expect(unknownGroup.body.error.message).toBe('features[0]: no feature group named nowhere');
    const unknownFeature = await call(server, 'POST', '/api/v1/features/online', {
      features: ['airport_delays:wind'],
      entities: [{ origin: 'SFO' }]
    });
    expect(unknownFeature.status).toBe(400);
    expect(unknownFeature.body.error.message).toBe('features[0]: feature group airport_delays (version 1) has no feature wind');
    const missingKey = await call(server, 'POST', '/api/v1/features/online', {
      features: ['airport_delays:flights'],
      entities: [{ origin: 'SFO' }, { airport: 'SFO' }]
    });
    expect(missingKey.status).toBe(400);
    expect(missingKey.body.error.message).toBe('entities[1].origin: the join key origin is missing');
    const business = await tokenWith(server, 'business');
    const refused = await call(
      server,
      'POST',
      '/api/v1/features/online',
      { features: ['airport_delays:flights'], entities: [{ origin: 'SFO' }] },
      business
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permission).toBe('features:read-rows');
    const serving = await tokenWith(server, 'ml-service-engineer');
    expect(
      (
        await call(
          server,
          'POST',
          '/api/v1/features/online',
          { features: ['airport_delays:flights'], entities: [{ origin: 'SFO' }] },
          serving
        )
      ).status
    ).toBe(200);
  });

  it('keeps catalog edits guarded by revisions, and starts a new version empty online', async () => {
    const group = expectStatus(await call(server, 'GET', '/api/v1/features/groups/airport_weather'), 200);
    const definition = { entity: 'airport', eventTime: 'observed_at', features: [{ name: 'wind', type: 'float64' }] };
    const next = expectStatus(
      await call(server, 'PUT', '/api/v1/features/groups/airport_weather', { expectedRevision: group.revision, ...definition }),
      200
    );
    expect(next).toMatchObject({ versionCreated: true, group: { version: 2 } });
    const stale = await call(server, 'PUT', '/api/v1/features/groups/airport_weather', {
      expectedRevision: group.revision,
      ...definition,
      description: 'late'
    });
    expect(stale.status).toBe(409);
    const duplicate = await call(server, 'POST', '/api/v1/features/entities', {
      name: 'airport',
      joinKeys: [{ name: 'origin', type: 'string' }]
    });
    expect(duplicate.status).toBe(409);

    const lookup = { features: ['airport_weather:wind', 'airport_weather@v1:wind'], entities: [{ origin: 'SFO' }] };
    expect(expectStatus(await call(server, 'POST', '/api/v1/features/online', lookup), 200).values).toEqual([[null, 12]]);
    const search = expectStatus(await call(server, 'GET', '/api/v1/features/search?q=wind'), 200);
    expect(search.results.map((h: { reference?: string; type?: string }) => [h.reference, h.type])).toEqual([
      ['airport_weather:wind', 'float64']
    ]);
  });

  it('never answers from a group schema changed behind its back, even one deleted and made again', async () => {
    const lookup = { features: ['airport_delays:flights'], entities: [{ origin: 'SFO' }] };
    const lookUp = () => call(server, 'POST', '/api/v1/features/online', lookup);
    expect(expectStatus(await lookUp(), 200).values).toEqual([[3]]);
    // Written straight into the store, as another backend process would: this one's cache learns of it from the store alone.
    const groups = server.store.collection<GroupDocument>(COLLECTIONS.groups);
    const original = (await groups.get('airport_delays'))!;
    const offline = await groups.update(original._id, original._rev, { online: false });
    expect((await lookUp()).status).toBe(409);
    const online = await groups.update(offline._id, offline._rev, { online: true });
    expect(expectStatus(await lookUp(), 200).values).toEqual([[3]]);

    // Made again from scratch, revision 1 each time: told apart by the creation time.
    const { _id, _rev, ...content } = online;
    await groups.delete(_id, _rev);
    const first = await groups.insert({ ...content, _id });
    expect(expectStatus(await lookUp(), 200).values).toEqual([[3]]);
    await groups.delete(first._id, first._rev);
    const remade = await groups.insert({
      ...content,
      _id,
      online: false,
      createdAt: new Date(Date.parse(content.createdAt) + 1000).toISOString()
    });
    expect([first._rev, remade._rev]).toEqual([1, 1]);
    expect((await lookUp()).status).toBe(409);
    await groups.delete(remade._id, remade._rev);
    await groups.insert({ ...content, _id });
    expect(expectStatus(await lookUp(), 200).values).toEqual([[3]]);
  });
});
