/** A sanity run on a slice of the real flights data (20,000 rows of flights-3m.parquet). */
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { computeStats, latestPerEntity, openEngine, pointInTimeJoin, validateAndWrite, type Engine, type TableSchema } from './index';
import { readParquet, writeParquet } from '../../testing/parquet-files';

const FLIGHTS = path.resolve(__dirname, '../../../node_modules/vega-datasets/data/flights-3m.parquet');
const ROWS = 20_000;

let engine: Engine;
let dir: TempDir;
beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
  dir = makeTempDir('engine-flights');
});
afterAll(async () => {
  await engine.close();
  dir.remove();
});

const schema: TableSchema = {
  keys: [{ name: 'origin', type: 'string' }],
  eventTime: 'date',
  features: [
    { name: 'delay', type: 'int64' },
    { name: 'distance', type: 'int64' },
    { name: 'destination', type: 'string' }
  ]
};

it('validates, summarises, joins and reads back a slice of flights-3m', async () => {
  const slice = await writeParquet(path.join(dir.path, 'slice.parquet'), `SELECT * FROM read_parquet('${FLIGHTS}') LIMIT ${ROWS}`);
  const [truth] = await readParquet(
    await writeParquet(
      path.join(dir.path, 'truth.parquet'),
      `SELECT count(*) AS n, count(DISTINCT origin) AS origins, min(delay) AS min_delay, max(delay) AS max_delay, avg(delay) AS mean_delay FROM read_parquet('${slice}')`
    )
  );

  const stored = path.join(dir.path, 'stored.parquet');
  const ingest = await validateAndWrite(engine, { input: slice, format: 'parquet', schema, output: stored });
  expect(ingest).toMatchObject({ rows: ROWS, problemCount: 0, problems: [] });
  expect(ingest.minEventTime! <= ingest.maxEventTime!).toBe(true);

  const stats = await computeStats(engine, { files: [stored], schema });
  expect(stats.delay).toMatchObject({ count: ROWS, nulls: 0, min: truth.min_delay, max: truth.max_delay });
  expect(stats.delay.mean).toBeCloseTo(truth.mean_delay as number, 9);
  expect(stats.delay.histogram!.reduce((sum, bin) => sum + bin.count, 0)).toBe(ROWS);

  // Each entity row is a flight's own origin and time, so the value at exactly that time is always there.
  const entities = await writeParquet(
    path.join(dir.path, 'entities.parquet'),
    `SELECT origin, date AS at, delay AS label FROM read_parquet('${slice}') USING SAMPLE 1000 ROWS (reservoir, 7)`
  );
  const output = path.join(dir.path, 'set.parquet');
  const set = await pointInTimeJoin(engine, {
    entities: { file: entities, format: 'parquet' },
    timestampColumn: 'at',
    groups: [
      { name: 'airport', files: [stored], keys: ['origin'], eventTime: 'date', features: [{ name: 'distance', as: 'last_distance' }] }
    ],
    output
  });
  expect(set.rows).toBe(1000);
  expect((await readParquet(output)).filter((row) => row.last_distance === null)).toEqual([]);

  let latest = 0;
  for await (const batch of latestPerEntity(engine, { files: [stored], schema, batchSize: 50 })) latest += batch.length;
  expect(latest).toBe(truth.origins);
});
