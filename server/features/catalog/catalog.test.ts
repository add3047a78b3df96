import { call, defineAirportDelays, expectStatus, ingestRows, tokenWith } from '../../testing/features';
import { startTestServer, type TestServer } from '../../testing/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe('entities', () => {
  it('are created, listed, read and edited with the revision read; join keys stay', async () => {
    const created = expectStatus(
      await call(server, 'POST', '/api/v1/features/entities', {
        name: 'route',
        joinKeys: [
          { name: 'origin', type: 'string' },
          { name: 'dest', type: 'string' }
        ]
      }),
      201
    );
    expect(created).toMatchObject({
      name: 'route',
      description: '',
      owner: 'admin (MLPORTAL_ADMIN_TOKEN)',
      revision: 1,
      joinKeys: [
        { name: 'origin', type: 'string' },
        { name: 'dest', type: 'string' }
      ]
    });
    expect((await call(server, 'GET', '/api/v1/features/entities')).body.entities.map((e: { name: string }) => e.name)).toContain('route');

    const edited = expectStatus(
      await call(server, 'PUT', '/api/v1/features/entities/route', { expectedRevision: 1, description: 'origin → destination' }),
      200
    );
    expect(edited).toMatchObject({ revision: 2, description: 'origin → destination', owner: 'admin (MLPORTAL_ADMIN_TOKEN)' });

    const stale = await call(server, 'PUT', '/api/v1/features/entities/route', { expectedRevision: 1, owner: 'someone' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');
    const refused = await call(server, 'PUT', '/api/v1/features/entities/route', { expectedRevision: 2, joinKeys: [] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'body.joinKeys', message: 'unknown field' }]);
  });

  it('have unique names and checked join keys', async () => {
    const first = await call(server, 'POST', '/api/v1/features/entities', {
      name: 'carrier',
      joinKeys: [{ name: 'code', type: 'string' }]
    });
    expect(first.status).toBe(201);
    const again = await call(server, 'POST', '/api/v1/features/entities', {
      name: 'carrier',
      joinKeys: [{ name: 'code', type: 'string' }]
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('entity_exists');

    const bad = await call(server, 'POST', '/api/v1/features/entities', {
      name: 'Bad Name',
      joinKeys: [
        { name: 'x', type: 'float64' },
        { name: 'x', type: 'int64' }
      ]
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.name', 'body.joinKeys', 'body.joinKeys']);
    expect(JSON.stringify(bad.body.error.details)).toContain('a join key cannot be float64');
    expect((await call(server, 'GET', '/api/v1/features/entities/nothing_here')).status).toBe(404);
  });
});

describe('feature groups', () => {
  it('are defined against an entity, with names checked against its join keys', async () => {
    const group = await defineAirportDelays(server);
    expect(group).toMatchObject({
      name: 'airport_delays',
      entity: 'airport',
      joinKeys: [{ name: 'origin', type: 'string' }],
      eventTime: 'ts',
      version: 1,
      revision: 1,
      online: true,
      owner: 'delays-team',
      tags: ['flights'],
      freshness: { rows: 0, ingestions: 0, minEventTime: null, maxEventTime: null, lastIngestedAt: null }
    });
    expect(group.features[0]).toEqual({
      name: 'delay_mean',
      type: 'float64',
      description: 'Mean departure delay in minutes',
      tags: ['delay']
    });

    const unknownEntity = await call(server, 'POST', '/api/v1/features/groups', {
      name: 'g1',
      entity: 'planet',
      eventTime: 'ts',
      features: [{ name: 'x', type: 'int64' }]
    });
    expect(unknownEntity.status).toBe(404);
    expect(unknownEntity.body.error.message).toBe('no entity named planet');

    const clash = await call(server, 'POST', '/api/v1/features/groups', {
      name: 'g2',
      entity: 'airport',
      eventTime: 'ts',
      features: [{ name: 'origin', type: 'int64' }]
    });
    expect(clash.status).toBe(400);
    expect(clash.body.error.message).toContain('features[0].name: origin is already the name of a join key or the event time');

    const duplicate = await call(server, 'POST', '/api/v1/features/groups', {
      name: 'airport_delays',
      entity: 'airport',
      eventTime: 'ts',
      features: [{ name: 'x', type: 'int64' }]
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('group_exists');

    const badType = await call(server, 'POST', '/api/v1/features/groups', {
      name: 'g3',
      entity: 'airport',
      eventTime: 'ts',
      features: [{ name: 'x', type: 'decimal' }]
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0].path).toBe('body.features[0].type');
  });

  it('edit metadata in place and make a new version on a breaking change, leaving stored data alone', async () => {
    const group = await defineAirportDelays(server, 'versioned_delays');
    expectStatus(
      await ingestRows(server, 'versioned_delays', [
        { origin: 'SFO', ts: '2001-01-01T00:00:00Z', delay_mean: 4.5, flights: 10, carrier: 'UA' }
      ]),
      201
    );
    const definition = {
      entity: 'airport',
      eventTime: 'ts',
      features: group.features.map((f: { name: string; type: string; description: string }) => ({ ...f, description: `${f.description}!` }))
    };

    const metadata = expectStatus(
      await call(server, 'PUT', '/api/v1/features/groups/versioned_delays', { expectedRevision: 1, ...definition, owner: 'ops' }),
      200
    );
    expect(metadata.versionCreated).toBe(false);
    expect(metadata.changes).toEqual([
      'owner: delays-team → ops',
      'feature delay_mean description',
      'feature flights description',
      'feature carrier description'
    ]);
    expect(metadata.group).toMatchObject({ version: 1, revision: 2, owner: 'ops', freshness: { rows: 1, ingestions: 1 } });

    const stale = await call(server, 'PUT', '/api/v1/features/groups/versioned_delays', { expectedRevision: 1, ...definition });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');

    const retyped = {
      ...definition,
      features: [
        { name: 'delay_mean', type: 'int64' },
        { name: 'flights', type: 'int64' },
        { name: 'late_share', type: 'float64' }
      ]
    };
    const breaking = expectStatus(
      await call(server, 'PUT', '/api/v1/features/groups/versioned_delays', { expectedRevision: 2, ...retyped }),
      200
    );
    expect(breaking.versionCreated).toBe(true);
    // The definition replaces the old one: features sent without description or tags lose theirs (metadata, listed after).
    expect(breaking.changes).toEqual([
      'feature delay_mean: float64 → int64',
      'feature carrier removed',
      'feature late_share added (float64)',
      'feature delay_mean description',
      'feature delay_mean tags',
      'feature flights description'
    ]);
    expect(breaking.group).toMatchObject({ version: 2, revision: 3, owner: 'ops', freshness: { rows: 0, ingestions: 0 } });

    const versions = expectStatus(await call(server, 'GET', '/api/v1/features/groups/versioned_delays/versions'), 200).versions;
    expect(versions.map((v: { version: number; freshness: { rows: number } }) => [v.version, v.freshness.rows])).toEqual([
      [1, 1],
      [2, 0]
    ]);
    expect(versions[0].features).toEqual([
      { name: 'delay_mean', type: 'float64' },
      { name: 'flights', type: 'int64' },
      { name: 'carrier', type: 'string' }
    ]);
    expect(versions[1].changes).toEqual(breaking.changes.slice(0, 3));

    // Version 1 keeps its data, readable by a pinned reference; the ingestion list spans both versions.
    const preview = expectStatus(await call(server, 'GET', '/api/v1/features/groups/versioned_delays/versions/1/preview'), 200);
    expect(preview.rows).toEqual([{ origin: 'SFO', ts: '2001-01-01T00:00:00.000Z', delay_mean: 4.5, flights: 10, carrier: 'UA' }]);
    expectStatus(
      await ingestRows(server, 'versioned_delays', [
        { origin: 'SFO', ts: '2001-01-02T00:00:00Z', delay_mean: 7, flights: 3, late_share: 0.5 }
      ]),
      201
    );
    const ingestions = expectStatus(await call(server, 'GET', '/api/v1/features/groups/versioned_delays/ingestions'), 200).ingestions;
    expect(ingestions.map((i: { version: number; rows: number }) => [i.version, i.rows])).toEqual([
      [1, 1],
      [2, 1]
    ]);
    expect((await call(server, 'GET', '/api/v1/features/groups/versioned_delays/versions/3')).status).toBe(404);
    expect(expectStatus(await call(server, 'GET', '/api/v1/features/groups/versioned_delays/versions/current'), 200).version).toBe(2);
  });
});

describe('catalog permissions', () => {
  it('let every role read the catalog, and only data engineers (and admins) define it', async () => {
    const business = await tokenWith(server, 'business');
    const engineer = await tokenWith(server, 'data-engineer');
    expect((await call(server, 'GET', '/api/v1/features/groups', undefined, business)).status).toBe(200);
    expect((await call(server, 'GET', '/api/v1/features/entities/airport', undefined, business)).status).toBe(200);

    const refused = await call(
      server,
      'POST',
      '/api/v1/features/entities',
      { name: 'city', joinKeys: [{ name: 'city', type: 'string' }] },
      business
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permission).toBe('features:define');
    expect(refused.body.error.message).toContain('features:define');

    const allowed = await call(
      server,
      'POST',
      '/api/v1/features/entities',
      { name: 'city', joinKeys: [{ name: 'city', type: 'string' }] },
      engineer
    );
    expect(allowed.status).toBe(201);
    expect(allowed.body.owner).toBe('data-engineer');
  });
});
