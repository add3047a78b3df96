/**
 * FeatureService.pointInTime: each entity row gets the values a training set would give it at its
 * timestamp (the same ASOF join), answered in request order, and nothing is recorded.
 */
import { BadRequestError } from '../platform/errors';
import { call, defineAirportDelays, expectStatus, ingestRows } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;

const at = (day: number, hour = 0) => `2001-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

beforeAll(async () => {
  server = await startTestServer();
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
  await server?.stop();
});

describe('point-in-time lookup', () => {
  it('answers the values at each row’s timestamp, never later ones, in the order asked', async () => {
    const answer = await server.services.features.pointInTime({
      features: ['airport_weather:wind', 'airport_delays:carrier', 'airport_delays@v1:delay_mean'],
      // "wind" as an entity column: the answer is by position, so it does not clash with the feature.
      entities: [
        { origin: 'SFO', at: at(2), wind: 'ignored' },
        { origin: 'SFO', at: at(3), wind: 'ignored' },
        { origin: 'JFK', at: at(4), wind: 'ignored' },
        { origin: 'SFO', at: at(11), wind: 'ignored' },
        { origin: 'LAX', at: at(9), wind: 'ignored' }
      ],
      timestampColumn: 'at'
    });
    expect(answer.features).toEqual([
      { reference: 'airport_weather:wind', group: 'airport_weather', version: 1, name: 'wind', type: 'int64' },
      { reference: 'airport_delays:carrier', group: 'airport_delays', version: 1, name: 'carrier', type: 'string' },
      { reference: 'airport_delays@v1:delay_mean', group: 'airport_delays', version: 1, name: 'delay_mean', type: 'float64' }
    ]);
    expect(answer.values).toEqual([
      [null, 'UA', 10], // the wind of day 2 noon is still ahead
      [7, 'UA', 20], // a value stamped exactly at the row's time counts
      [null, null, null], // JFK's only value (day 5) lies ahead
      [7, 'AS', 30],
      [null, null, null] // never seen
    ]);
  });

  it('blanks values older than the maximum age', async () => {
    const answer = await server.services.features.pointInTime({
      features: ['airport_delays:delay_mean'],
      entities: [
        { origin: 'JFK', at: at(20) },
        { origin: 'JFK', at: at(8) }
      ],
      timestampColumn: 'at',
      maxAgeSeconds: 7 * 24 * 3600
    });
    expect(answer.values).toEqual([[null], [5]]);
  });

  it('records no training set', async () => {
    const before = expectStatus(await call(server, 'GET', '/api/v1/features/training-sets'), 200);
    await server.services.features.pointInTime({
      features: ['airport_delays:flights'],
      entities: [{ origin: 'SFO', at: at(4) }],
      timestampColumn: 'at'
    });
    expect(expectStatus(await call(server, 'GET', '/api/v1/features/training-sets'), 200)).toEqual(before);
    expect(await server.services.features.trainingSets.usage.find({})).toEqual([]);
  });

  it('refuses what cannot be looked up, naming what was wrong', async () => {
    const lookup = (request: Partial<Parameters<typeof server.services.features.pointInTime>[0]>) =>
      server.services.features.pointInTime({
        features: ['airport_delays:flights'],
        entities: [{ origin: 'SFO', at: at(4) }],
        timestampColumn: 'at',
        ...request
      });
    await expect(lookup({ features: ['airport_delays:nope'] })).rejects.toThrow(
      'features[0]: feature group airport_delays (version 1) has no feature nope'
    );
    await expect(lookup({ entities: [{ at: at(4) }] })).rejects.toThrow('entities.rows[0]: the column origin is missing');
    await expect(lookup({ timestampColumn: 'when' })).rejects.toThrow(BadRequestError);
    await expect(lookup({ entities: [] })).rejects.toThrow('entities: send at least one entity row');
  });
});
