import { call, defineAirportDelays, expectStatus, tokenWith } from '../testing/features';
import { startTestServer, type TestServer } from '../testing/test-server';
import { matchScore } from './discovery';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await defineAirportDelays(server);
  expectStatus(
    await call(server, 'POST', '/api/v1/features/entities', {
      name: 'route',
      joinKeys: [
        { name: 'origin', type: 'string' },
        { name: 'dest', type: 'string' }
      ]
    }),
    201
  );
  expectStatus(
    await call(server, 'POST', '/api/v1/features/groups', {
      name: 'route_stats',
      entity: 'route',
      eventTime: 'ts',
      owner: 'routes-team',
      tags: ['routes'],
      description: 'Per route: how often flights leave late',
      features: [
        { name: 'late_share', type: 'float64', description: 'Share of late departures', tags: ['delay', 'kpi'] },
        { name: 'distance', type: 'int64', description: 'Distance in miles' }
      ]
    }),
    201
  );
});

afterAll(async () => {
  await server.stop();
});

const search = async (query: string, token?: string) =>
  expectStatus(await call(server, 'GET', `/api/v1/features/search${query}`, undefined, token), 200);
const names = (body: { results: Array<{ kind: string; group: string; feature?: string }> }) =>
  body.results.map((h) => (h.kind === 'group' ? h.group : `${h.group}:${h.feature}`));

describe('feature search', () => {
  it('matches every word against names, descriptions and tags, names first', async () => {
    expect(names(await search('?q=delay'))).toEqual([
      'airport_delays',
      'airport_delays:delay_mean',
      'airport_delays:carrier',
      'airport_delays:flights',
      'route_stats:late_share'
    ]);
    expect(names(await search('?q=late%20departures'))).toEqual(['route_stats:late_share']);
    expect((await search('?q=zebra')).total).toBe(0);
  });

  it('filters by tag, owner, entity, type and kind', async () => {
    expect(names(await search('?tag=kpi'))).toEqual(['route_stats:late_share']);
    expect(names(await search('?owner=ROUTES-team&kind=group'))).toEqual(['route_stats']);
    expect(names(await search('?entity=airport&type=int64'))).toEqual(['airport_delays:flights']);
    expect(names(await search('?type=float64'))).toEqual(['airport_delays:delay_mean', 'route_stats:late_share']);
    const page = await search('?limit=2');
    expect(page.results).toHaveLength(2);
    expect(page.total).toBe(7);
  });

  it('describes each hit with what the sidebar shows, to every role', async () => {
    const business = await tokenWith(server, 'business');
    const [hit] = (await search('?q=late_share', business)).results;
    expect(hit).toEqual({
      kind: 'feature',
      group: 'route_stats',
      feature: 'late_share',
      reference: 'route_stats:late_share',
      type: 'float64',
      description: 'Share of late departures',
      tags: ['delay', 'kpi'],
      owner: 'routes-team',
      entity: 'route',
      version: 1,
      freshness: null,
      usage: { trainingSets: 0 }
    });
  });

  it('refuses unknown query parameters and bad values, naming them', async () => {
    const answer = await call(server, 'GET', '/api/v1/features/search?type=decimal&colour=red');
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.colour', 'query.type']);
  });
});

describe('matchScore', () => {
  it('ranks an exact name over a partial one over a description, and needs every word', () => {
    expect(matchScore(['wind'], 'wind', [])).toBeGreaterThan(matchScore(['wind'], 'wind_speed', []));
    expect(matchScore(['wind'], 'wind_speed', [])).toBeGreaterThan(matchScore(['wind'], 'gust', ['wind at 10 m']));
    expect(matchScore(['wind', 'rain'], 'wind', [])).toBe(0);
    expect(matchScore([], 'anything', [])).toBe(1);
  });
});
