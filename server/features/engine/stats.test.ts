/** Statistics checked against numbers worked out by hand (the comments show the arithmetic). */
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { computeStats, openEngine, type Engine, type TableSchema } from './index';
import { writeParquet } from '../../testing/parquet-files';

let engine: Engine;
let dir: TempDir;
beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
});
afterAll(async () => engine.close());
beforeEach(() => (dir = makeTempDir('engine-stats')));
afterEach(() => dir.remove());

const schema: TableSchema = {
  keys: [{ name: 'origin', type: 'string' }],
  eventTime: 'ts',
  features: [
    { name: 'delay', type: 'int64' },
    { name: 'share', type: 'float64' },
    { name: 'carrier', type: 'string' },
    { name: 'late', type: 'bool' },
    { name: 'seen', type: 'timestamp' }
  ]
};

async function twoFiles(): Promise<string[]> {
  const columns =
    'origin, CAST(ts AS TIMESTAMP) AS ts, CAST(delay AS BIGINT) AS delay, CAST(share AS DOUBLE) AS share, carrier, late, CAST(seen AS TIMESTAMP) AS seen';
  return [
    await writeParquet(
      path.join(dir.path, 'a.parquet'),
      `SELECT ${columns} FROM (VALUES
        ('ABQ', '2001-01-01', 1, 0, 'AA', true, '2001-01-02 03:04:05'),
        ('ABQ', '2001-01-02', 2, 10, 'UA', false, NULL),
        ('LAX', '2001-01-03', NULL, 2.5, NULL, true, '2001-01-01')
      ) t(origin, ts, delay, share, carrier, late, seen)`
    ),
    await writeParquet(
      path.join(dir.path, 'b.parquet'),
      `SELECT ${columns} FROM (VALUES
        ('LAX', '2001-01-04', 3, 5, 'AA', true, '2001-03-01'),
        ('SFO', '2001-01-05', 4, 10, 'DL', NULL, NULL)
      ) t(origin, ts, delay, share, carrier, late, seen)`
    )
  ];
}

describe('computeStats', () => {
  it('summarises every feature over all the files', async () => {
    const stats = await computeStats(engine, { files: await twoFiles(), schema });
    expect(Object.keys(stats)).toEqual(['delay', 'share', 'carrier', 'late', 'seen']);

    // delay: 1, 2, 3, 4 and one null. mean 2.5; sample variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3.
    // Quantiles interpolate at position 3q of the sorted values: p25 → 1.75, p50 → 2.5, p99 → 3.97.
    expect(stats.delay).toEqual({
      type: 'int64',
      count: 4,
      nulls: 1,
      min: 1,
      max: 4,
      mean: 2.5,
      std: expect.closeTo(Math.sqrt(5 / 3), 12),
      quantiles: {
        p01: expect.closeTo(1.03, 12),
        p05: expect.closeTo(1.15, 12),
        p25: expect.closeTo(1.75, 12),
        p50: expect.closeTo(2.5, 12),
        p75: expect.closeTo(3.25, 12),
        p95: expect.closeTo(3.85, 12),
        p99: expect.closeTo(3.97, 12)
      },
      // Four distinct integers: one bin per value.
      histogram: [
        { lower: 1, upper: 2, count: 1 },
        { lower: 2, upper: 3, count: 1 },
        { lower: 3, upper: 4, count: 1 },
        { lower: 4, upper: 5, count: 1 }
      ]
    });

    // share: 0, 2.5, 5, 10, 10. mean 27.5 / 5 = 5.5; squared deviations 30.25 + 9 + 0.25 + 20.25 + 20.25 = 80,
    // sample variance 80 / 4 = 20. Quantiles at position 4q: p01 → 0 + 0.04 × 2.5 = 0.1, p25 → 2.5, p50 → 5, p75 → 10.
    expect(stats.share).toMatchObject({ type: 'float64', count: 5, nulls: 0, min: 0, max: 10, mean: 5.5 });
    expect(stats.share.std).toBeCloseTo(Math.sqrt(20), 12);
    expect(stats.share.quantiles).toEqual({
      p01: expect.closeTo(0.1, 12),
      p05: expect.closeTo(0.5, 12),
      p25: 2.5,
      p50: 5,
      p75: 10,
      p95: 10,
      p99: 10
    });
    // 20 bins of width 0.5 over [0, 10]: 0 → bin 0, 2.5 → bin 5, 5 → bin 10, both 10s → the last bin.
    const histogram = stats.share.histogram!;
    expect(histogram).toHaveLength(20);
    expect(histogram[0]).toEqual({ lower: 0, upper: 0.5, count: 1 });
    expect(histogram[19]).toEqual({ lower: 9.5, upper: 10, count: 2 });
    expect(histogram.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);

    // carrier: AA, UA, AA, DL and a null; ties in count are ordered by value.
    expect(stats.carrier).toEqual({
      type: 'string',
      count: 4,
      nulls: 1,
      distinct: 3,
      topValues: [
        { value: 'AA', count: 2 },
        { value: 'DL', count: 1 },
        { value: 'UA', count: 1 }
      ]
    });
    expect(stats.late).toEqual({
      type: 'bool',
      count: 4,
      nulls: 1,
      distinct: 2,
      topValues: [
        { value: true, count: 3 },
        { value: false, count: 1 }
      ]
    });
    expect(stats.seen).toEqual({ type: 'timestamp', count: 3, nulls: 2, min: '2001-01-01T00:00:00.000Z', max: '2001-03-01T00:00:00.000Z' });
  });

  it('bins wide integer ranges in 20, a constant in one, keeps ten top values and copes with all nulls', async () => {
    const file = await writeParquet(
      path.join(dir.path, 'c.parquet'),
      `SELECT 'ABQ' AS origin, TIMESTAMP '2001-01-01' AS ts,
              CAST(CASE WHEN i = 0 THEN 100 ELSE 0 END AS BIGINT) AS wide,
              CAST(2.5 AS DOUBLE) AS flat,
              CAST(NULL AS DOUBLE) AS empty,
              CASE WHEN i < 3 THEN 'k' ELSE chr(CAST(ascii('a') + i - 3 AS INTEGER)) END AS letter
       FROM range(15) r(i)`
    );
    const stats = await computeStats(engine, {
      files: [file],
      schema: {
        keys: [{ name: 'origin', type: 'string' }],
        eventTime: 'ts',
        features: [
          { name: 'wide', type: 'int64' },
          { name: 'flat', type: 'float64' },
          { name: 'empty', type: 'float64' },
          { name: 'letter', type: 'string' }
        ]
      }
    });
    // wide: fourteen 0s and one 100 → width 5: 0 in the first bin, 100 in the last.
    expect(stats.wide.histogram).toHaveLength(20);
    expect(stats.wide.histogram![0]).toEqual({ lower: 0, upper: 5, count: 14 });
    expect(stats.wide.histogram![19]).toEqual({ lower: 95, upper: 100, count: 1 });
    expect(stats.flat).toMatchObject({ count: 15, min: 2.5, max: 2.5, std: 0, histogram: [{ lower: 2.5, upper: 2.5, count: 15 }] });
    expect(stats.empty).toMatchObject({ count: 0, nulls: 15, min: null, max: null, mean: null, std: null, histogram: [] });
    expect(stats.empty.quantiles!.p50).toBeNull();
    // letter: k for i < 3, then a..l for i = 3..14 (k again at i = 13): k four times, the others once;
    // k first, then the first nine of the rest by value.
    expect(stats.letter.distinct).toBe(12);
    expect(stats.letter.topValues).toEqual([{ value: 'k', count: 4 }, ...'abcdefghi'.split('').map((value) => ({ value, count: 1 }))]);
  });
});
