/**
 * `npm run seed` end to end against a real backend, on the first 20,000 flights (2001-01-01 and the
 * morning of 2001-01-02): the groups, their freshness, a point-in-time value checked against one
 * computed here straight from the flights, and a second run that changes nothing.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { startTestServer, type TestServer } from '../../server/testing/test-server';
import { Client, featuresOf, type NodeFeaturesApi } from '../../kernels/sdk/src/index';

const repoRoot = path.resolve(__dirname, '..', '..');
const FLIGHTS = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
const ROWS = 20_000;

function seed(server: TestServer, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'seed.mjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, MLPORTAL_URL: server.url, MLPORTAL_TOKEN: server.adminToken },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Straight from the file, without the seed's SQL: the first ROWS flights that match `where`. */
async function fromFlights<T>(select: string, where: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    const sql = `WITH first AS (SELECT * FROM read_parquet('${FLIGHTS}') LIMIT ${ROWS}) SELECT ${select} FROM first WHERE ${where}`;
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

describe('npm run seed', () => {
  let server: TestServer;
  let features: NodeFeaturesApi;
  let firstRun: { code: number | null; output: string };

  beforeAll(async () => {
    server = await startTestServer();
    features = featuresOf(new Client({ url: server.url, token: server.adminToken }));
    firstRun = await seed(server, '--rows', String(ROWS));
  }, 240_000);

  afterAll(async () => {
    await server.stop();
  });

  it('creates the demo entities and groups, with their freshness', async () => {
    expect(firstRun.output).toContain('mlportal seed: done');
    expect(firstRun.code).toBe(0);
    expect((await features.entities()).map((e) => e.name).sort()).toEqual(['airport', 'route']);
    const groups = new Map((await features.groups()).map((g) => [g.name, g]));
    expect([...groups.keys()].sort()).toEqual(['airport_delay_7d', 'flights', 'route_delay_30d']);
    expect(groups.get('flights')!.freshness).toMatchObject({ rows: ROWS, minEventTime: '2001-01-01T00:01:00.000Z' });
    expect(groups.get('flights')!.freshness.maxEventTime).toMatch(/^2001-01-02T/);
    for (const name of ['airport_delay_7d', 'route_delay_30d']) {
      const group = groups.get(name)!;
      expect(group).toMatchObject({ owner: 'data-platform', tags: ['flights', 'delay'] });
      // One row per day at midnight, through the day after the last flight.
      expect(group.freshness).toMatchObject({ minEventTime: '2001-01-01T00:00:00.000Z', maxEventTime: '2001-01-03T00:00:00.000Z' });
    }
  });

  it('computes each day from the flights before it only: the value at noon leaves out that morning', async () => {
    // The airport with the most departures on the morning of 2001-01-02 within the first flights.
    const [{ origin }] = await fromFlights<{ origin: string }>(
      'origin, count(*) AS n',
      '"date" >= TIMESTAMP \'2001-01-02\' AND "date" < TIMESTAMP \'2001-01-02 12:00\' GROUP BY origin ORDER BY n DESC, origin LIMIT 1'
    );
    const [before] = await fromFlights<{ mean: number; late: number; n: bigint }>(
      'avg(delay) AS mean, avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END) AS late, count(*) AS n',
      `origin = '${origin}' AND "date" >= TIMESTAMP '2001-01-01' AND "date" < TIMESTAMP '2001-01-02'`
    );
    const [leaky] = await fromFlights<{ mean: number }>(
      'avg(delay) AS mean',
      `origin = '${origin}' AND "date" >= TIMESTAMP '2001-01-01' AND "date" < TIMESTAMP '2001-01-02 12:00'`
    );
    expect(leaky.mean).not.toBeCloseTo(before.mean, 6);

    const set = await features.trainingSet({
      entities: [{ origin, at: '2001-01-02T12:00:00Z' }],
      timestampColumn: 'at',
      features: ['airport_delay_7d:mean_delay_7d', 'airport_delay_7d:late_share_7d', 'airport_delay_7d:flights_7d']
    });
    expect(set.data.mean_delay_7d[0]).toBeCloseTo(before.mean, 9);
    expect(set.data.late_share_7d[0]).toBeCloseTo(before.late, 9);
    expect(set.data.flights_7d[0]).toBe(Number(before.n));
  });

  it('serves the route windows online: the latest day, from every earlier flight of the route', async () => {
    const [route] = await fromFlights<{ origin: string; destination: string; mean: number; n: bigint }>(
      'origin, destination, avg(delay) AS mean, count(*) AS n',
      'true GROUP BY origin, destination ORDER BY n DESC, origin, destination LIMIT 1'
    );
    const online = await features.online({
      features: ['route_delay_30d:mean_delay_30d', 'route_delay_30d:flights_30d'],
      entities: [{ origin: route.origin, destination: route.destination }]
    });
    expect(online.values[0][0]).toBeCloseTo(route.mean, 9);
    expect(online.values[0][1]).toBe(Number(route.n));
  });

  it('says the demo is there on a second run and changes nothing, even with --force', async () => {
    const rowsBefore = (await features.groups()).map((g) => [g.name, g.freshness.rows]);
    const again = await seed(server);
    expect(again.output).toContain('the demo catalog is already there');
    expect(again.code).toBe(0);
    const forced = await seed(server, '--force');
    expect(forced.output).toContain('airport_delay_7d: 0 missing rows');
    expect(forced.code).toBe(0);
    expect((await features.groups()).map((g) => [g.name, g.freshness.rows])).toEqual(rowsBefore);
  }, 120_000);

  it('refuses a bad --rows, naming it', async () => {
    const bad = await seed(server, '--rows', 'many');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('--rows must be a whole number from 1 to 3000000; got many');
  });
});

describe('seeding on first start', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  /** seedDemoIfEmpty in a child process, as start.mjs would call it; answers what it returned. */
  function seedIfEmpty(): Promise<string> {
    const script = [
      "import { buildSdk } from './scripts/seed/sdk.mjs';",
      "import { seedDemoIfEmpty } from './scripts/seed/first-start.mjs';",
      'await buildSdk();',
      `const seeded = await seedDemoIfEmpty({ url: ${JSON.stringify(server.url)}, token: ${JSON.stringify(server.adminToken)}, rows: 2000, log: () => undefined });`,
      'console.log(`seeded: ${seeded}`);'
    ].join('\n');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`exit ${code}: ${output}`))));
    });
  }

  it('seeds an empty catalog once, and leaves a catalog with groups alone', async () => {
    expect(await seedIfEmpty()).toContain('seeded: true');
    const features = featuresOf(new Client({ url: server.url, token: server.adminToken }));
    expect((await features.groups()).map((g) => [g.name, g.freshness.rows > 0])).toEqual([
      ['airport_delay_7d', true],
      ['flights', true],
      ['route_delay_30d', true]
    ]);
    expect(await seedIfEmpty()).toContain('seeded: false');
  }, 120_000);
});
