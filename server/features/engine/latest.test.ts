import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { latestPerEntity, openEngine, type Engine, type TableSchema } from './index';
import { writeParquet } from '../../testing/parquet-files';

let engine: Engine;
let dir: TempDir;
beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
});
afterAll(async () => engine.close());
beforeEach(() => (dir = makeTempDir('engine-latest')));
afterEach(() => dir.remove());

const schema: TableSchema = {
  keys: [{ name: 'origin', type: 'string' }],
  eventTime: 'ts',
  features: [
    { name: 'flights', type: 'int64' },
    { name: 'share', type: 'float64' },
    { name: 'late', type: 'bool' },
    { name: 'seen', type: 'timestamp' }
  ]
};

const select = (values: string) =>
  `SELECT origin, CAST(ts AS TIMESTAMP) AS ts, CAST(flights AS BIGINT) AS flights, CAST(share AS DOUBLE) AS share, late, CAST(seen AS TIMESTAMP) AS seen
   FROM (VALUES ${values}) t(origin, ts, flights, share, late, seen)`;

async function collect(iterable: AsyncIterable<Record<string, unknown>[]>) {
  const batches: Record<string, unknown>[][] = [];
  for await (const batch of iterable) batches.push(batch);
  return batches;
}

describe('latestPerEntity', () => {
  it('streams one row per key, the latest by event time, with ties going to the later file and row', async () => {
    const files = [
      await writeParquet(
        path.join(dir.path, 'a.parquet'),
        select(`('ABQ', '2001-01-01', 1, 0.5, true, '2001-01-01 10:00:00'),
                ('ABQ', '2001-01-03', 3, 0.5, true, NULL),
                ('LAX', '2001-01-02', 20, 0.25, false, NULL),
                ('LAX', '2001-01-02', 21, 0.75, true, '2001-01-02 08:30:00.123'),
                ('SFO', '2001-01-05', 50, NULL, NULL, NULL)`)
      ),
      await writeParquet(
        path.join(dir.path, 'b.parquet'),
        select(`('ABQ', '2001-01-03', 30, 1.5, false, NULL),
                ('LAX', '2001-01-01', 10, 0.1, false, NULL)`)
      )
    ];
    const batches = await collect(latestPerEntity(engine, { files, schema, batchSize: 2 }));
    expect(batches).toEqual([
      [
        { origin: 'ABQ', ts: '2001-01-03T00:00:00.000Z', flights: 30, share: 1.5, late: false, seen: null },
        { origin: 'LAX', ts: '2001-01-02T00:00:00.000Z', flights: 21, share: 0.75, late: true, seen: '2001-01-02T08:30:00.123Z' }
      ],
      [{ origin: 'SFO', ts: '2001-01-05T00:00:00.000Z', flights: 50, share: null, late: null, seen: null }]
    ]);
  });

  it('keys on every join key together', async () => {
    const file = await writeParquet(
      path.join(dir.path, 'routes.parquet'),
      `SELECT origin, destination, CAST(ts AS TIMESTAMP) AS ts, CAST(n AS BIGINT) AS n FROM (VALUES
        ('ABQ', 'LAX', '2001-01-01', 1), ('ABQ', 'LAX', '2001-01-02', 2), ('ABQ', 'SFO', '2001-01-01', 3)) t(origin, destination, ts, n)`
    );
    const routeSchema: TableSchema = {
      keys: [
        { name: 'origin', type: 'string' },
        { name: 'destination', type: 'string' }
      ],
      eventTime: 'ts',
      features: [{ name: 'n', type: 'int64' }]
    };
    const [batch] = await collect(latestPerEntity(engine, { files: [file], schema: routeSchema }));
    expect(batch.map((r) => [r.origin, r.destination, r.n])).toEqual([
      ['ABQ', 'LAX', 2],
      ['ABQ', 'SFO', 3]
    ]);
  });

  it('refuses an int64 that a JSON number cannot carry', async () => {
    const file = await writeParquet(path.join(dir.path, 'big.parquet'), select(`('ABQ', '2001-01-01', 9007199254740993, 0, true, NULL)`));
    await expect(collect(latestPerEntity(engine, { files: [file], schema }))).rejects.toThrow(
      /flights: 9007199254740993 is beyond ±9007199254740991/
    );
  });
});
