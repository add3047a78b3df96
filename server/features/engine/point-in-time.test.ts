/**
 * Point-in-time correctness on hand-built data with known answers. Every expected value below is
 * worked out by hand from the group rows in `beforeEach`; the comments say why.
 */
import path from 'node:path';
import { BadRequestError } from '../../platform/errors';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { openEngine, pointInTimeJoin, type Engine, type PointInTimeGroup } from './index';
import { parquetColumns, readParquet, writeParquet, writeText } from '../../testing/parquet-files';

let engine: Engine;
let dir: TempDir;
let airportFiles: string[];
let routeFiles: string[];

beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
});
afterAll(async () => engine.close());

beforeEach(async () => {
  dir = makeTempDir('engine-pit');
  const at = (file: string) => path.join(dir.path, file);
  airportFiles = [
    await writeParquet(
      at('airport-1.parquet'),
      `SELECT origin, CAST(ts AS TIMESTAMP) AS ts, dep_delay, flights FROM (VALUES
        ('ABQ', '2001-01-01 00:00:00', 1.0, 10),
        ('ABQ', '2001-01-02 00:00:00', 2.0, 20),
        ('ABQ', '2001-01-05 00:00:00', 5.0, 50),
        ('LAX', '2001-01-03 00:00:00', 30.0, 300),
        ('LAX', '2001-01-04 00:00:00', 40.0, 400),
        ('LAX', '2001-01-04 00:00:00', 41.0, 410),
        ('SFO', '2001-02-01 00:00:00', 99.0, 990)
      ) t(origin, ts, dep_delay, flights)`
    ),
    // A later ingestion with the same key and event time as two rows above: it wins.
    await writeParquet(
      at('airport-2.parquet'),
      `SELECT 'LAX' AS origin, TIMESTAMP '2001-01-04 00:00:00' AS ts, 42.0 AS dep_delay, 420 AS flights`
    )
  ];
  routeFiles = [
    await writeParquet(
      at('route.parquet'),
      `SELECT origin, destination, CAST(ts AS TIMESTAMP) AS ts, route_delay FROM (VALUES
        ('ABQ', 'LAX', '2001-01-01 12:00:00', 7.5),
        ('ABQ', 'SFO', '2001-01-01 12:00:00', 9.5),
        ('LAX', 'ABQ', '2001-01-02 00:00:00', 3.0)
      ) t(origin, destination, ts, route_delay)`
    )
  ];
});
afterEach(() => dir.remove());

/** Entity rows, deliberately out of time order, with a repeated row (1 and 8). */
const ENTITIES: Array<[string, string, string, number]> = [
  ['ABQ', 'LAX', '2001-01-02T00:00:00.000Z', 1], // airport value at exactly this time is included → 2
  ['ABQ', 'LAX', '2001-01-01T23:59:59.000Z', 2], // the 01-02 value is one second later → excluded → 1
  ['ABQ', 'SFO', '2000-12-31T23:59:59.000Z', 3], // every value lies in the future → null, null
  ['SFO', 'ABQ', '2001-01-15T00:00:00.000Z', 4], // SFO's only value is in February → null
  ['LAX', 'ABQ', '2001-01-04T12:00:00.000Z', 5], // three rows share LAX @ 01-04: the later file's 42
  ['ABQ', 'LAX', '2001-01-08T00:00:00.000Z', 6], // 01-05 value, exactly 3 days old
  ['ABQ', 'LAX', '2001-01-08T00:00:01.000Z', 7], // 01-05 value, 3 days and 1 second old
  ['ABQ', 'LAX', '2001-01-02T00:00:00.000Z', 8], // same key and time as row 1: kept, same answer
  ['JFK', 'LAX', '2001-01-10T00:00:00.000Z', 9], // unknown key → null
  ['ABQ', 'SFO', '2001-01-03T00:00:00.000Z', 10] // a second route, another key of the route group
];

type Expected = [number | null, number | null, number | null];
/** [airport_delay, airport_flights, route_delay] per entity row, without a maximum age. */
const WITHOUT_MAX_AGE: Expected[] = [
  [2, 20, 7.5],
  [1, 10, 7.5],
  [null, null, null],
  [null, null, null],
  [42, 420, 3],
  [5, 50, 7.5],
  [5, 50, 7.5],
  [2, 20, 7.5],
  [null, null, null],
  [2, 20, 9.5]
];
/** With maxAgeSeconds = 3 days on the airport group: only row 7 changes (older than 3 days). */
const WITH_MAX_AGE: Expected[] = WITHOUT_MAX_AGE.map((row, i) => (i === 6 ? [null, null, row[2]] : row));

function groups(maxAgeSeconds?: number): PointInTimeGroup[] {
  return [
    {
      name: 'airport',
      files: airportFiles,
      keys: ['origin'],
      eventTime: 'ts',
      features: [
        { name: 'dep_delay', as: 'airport_delay' },
        { name: 'flights', as: 'airport_flights' }
      ],
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds })
    },
    {
      name: 'route',
      files: routeFiles,
      keys: ['origin', 'destination'],
      eventTime: 'ts',
      features: [{ name: 'route_delay', as: 'route_delay' }]
    }
  ];
}

function expectedRows(values: Expected[]) {
  return ENTITIES.map(([origin, destination, at, label], i) => ({
    origin,
    destination,
    at,
    label,
    airport_delay: values[i][0],
    airport_flights: values[i][1],
    route_delay: values[i][2]
  }));
}

const entityCsv = () => ['origin,destination,at,label', ...ENTITIES.map((e) => e.join(','))].join('\n');
const entityNdjson = () =>
  ENTITIES.map(([origin, destination, at, label]) => JSON.stringify({ origin, destination, at, label })).join('\n');
const entityRows = () => ENTITIES.map(([origin, destination, at, label]) => ({ origin, destination, at, label }));

describe('pointInTimeJoin', () => {
  it('gives each entity row the latest values at or before its timestamp, never after', async () => {
    const output = path.join(dir.path, 'out.parquet');
    const entities = { file: writeText(dir.path, 'entities.csv', entityCsv()), format: 'csv' as const };
    const result = await pointInTimeJoin(engine, { entities, timestampColumn: 'at', groups: groups(), output });
    expect(await readParquet(output)).toEqual(expectedRows(WITHOUT_MAX_AGE));
    expect(result).toEqual({
      rows: 10,
      columns: [
        { name: 'origin', type: 'string' },
        { name: 'destination', type: 'string' },
        { name: 'at', type: 'timestamp' },
        { name: 'label', type: 'int64' },
        { name: 'airport_delay', type: 'float64' },
        { name: 'airport_flights', type: 'int64' },
        { name: 'route_delay', type: 'float64' }
      ],
      minTimestamp: '2000-12-31T23:59:59.000Z',
      maxTimestamp: '2001-01-15T00:00:00.000Z'
    });
    expect(await parquetColumns(output)).toEqual([
      ['origin', 'VARCHAR'],
      ['destination', 'VARCHAR'],
      ['at', 'TIMESTAMP'],
      ['label', 'BIGINT'],
      ['airport_delay', 'DOUBLE'],
      ['airport_flights', 'BIGINT'],
      ['route_delay', 'DOUBLE']
    ]);
  });

  it('nulls values older than maxAgeSeconds, keeping those exactly that old', async () => {
    const output = path.join(dir.path, 'out.parquet');
    await pointInTimeJoin(engine, { entities: { rows: entityRows() }, timestampColumn: 'at', groups: groups(3 * 24 * 3600), output });
    expect(await readParquet(output)).toEqual(expectedRows(WITH_MAX_AGE));
  });

  it.each([
    ['Parquet', 'parquet' as const],
    ['NDJSON', 'ndjson' as const],
    ['inline rows', null]
  ])('gives the same answer for entities from %s', async (_label, format) => {
    const output = path.join(dir.path, 'out.parquet');
    let entities;
    if (format === 'parquet') {
      const csv = writeText(dir.path, 'e.csv', entityCsv());
      const file = await writeParquet(
        path.join(dir.path, 'e.parquet'),
        `SELECT origin, destination, CAST(CAST("at" AS TIMESTAMPTZ) AS TIMESTAMP) AS "at", label FROM read_csv('${csv}')`
      );
      entities = { file, format };
    } else if (format === 'ndjson') {
      entities = { file: writeText(dir.path, 'e.ndjson', entityNdjson()), format };
    } else {
      entities = { rows: entityRows() };
    }
    const result = await pointInTimeJoin(engine, { entities, timestampColumn: 'at', groups: groups(3 * 24 * 3600), output });
    expect(result.rows).toBe(10);
    expect(await readParquet(output)).toEqual(expectedRows(WITH_MAX_AGE));
  });

  it('matches CSV keys as text when the group keys are text ("007" is not 7)', async () => {
    const files = [
      await writeParquet(path.join(dir.path, 'codes.parquet'), `SELECT '007' AS code, TIMESTAMP '2001-01-01 00:00:00' AS ts, 1.5 AS score`)
    ];
    const output = path.join(dir.path, 'out.parquet');
    const entities = { file: writeText(dir.path, 'e.csv', 'code,at\n007,2001-01-02T00:00:00Z\n'), format: 'csv' as const };
    await pointInTimeJoin(engine, {
      entities,
      timestampColumn: 'at',
      groups: [{ name: 'codes', files, keys: ['code'], eventTime: 'ts', features: [{ name: 'score', as: 'score' }] }],
      output
    });
    expect(await readParquet(output)).toEqual([{ code: '007', at: '2001-01-02T00:00:00.000Z', score: 1.5 }]);
  });

  it('refuses what it cannot join, naming the problem', async () => {
    const output = path.join(dir.path, 'out.parquet');
    const rows = [{ origin: 'ABQ', at: '2001-01-02T00:00:00Z' }];
    const run = (g: PointInTimeGroup[], entityRows: Record<string, unknown>[] = rows) =>
      pointInTimeJoin(engine, { entities: { rows: entityRows }, timestampColumn: 'at', groups: g, output });
    const [airport, route] = groups();
    await expect(run([route])).rejects.toThrow(/group "route" joins on "destination", which the entity rows lack/);
    await expect(run([{ ...airport, features: [{ name: 'nope', as: 'nope' }] }])).rejects.toThrow(
      /group "airport": its files have no column "nope"/
    );
    await expect(run([{ ...airport, features: [{ name: 'dep_delay', as: 'origin' }] }])).rejects.toThrow(/"origin" appears twice/);
    await expect(run([{ ...airport, maxAgeSeconds: -1 }])).rejects.toThrow(/maxAgeSeconds/);
    await expect(run([airport], [{ origin: 'ABQ', at: 'soon' }])).rejects.toThrow(BadRequestError);
    await expect(run([airport], [{ origin: 'ABQ', at: 'soon' }])).rejects.toThrow(
      /timestamp column "at" holds a value that is not a timestamp/
    );
    await expect(
      run(
        [airport],
        [
          { origin: 1, at: '2001-01-01' },
          { origin: 'x', at: '2001-01-01' }
        ]
      )
    ).rejects.toThrow(/mixes integer and string/);
  });
});
