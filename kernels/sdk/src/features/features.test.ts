/**
 * The feature API against the real backend (SQLite, DuckDB, HTTP on 127.0.0.1): a small airport
 * group with known values, so every answer can be checked exactly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { features as envFeatures, featuresOf } from '../env';
import { MlportalApiError, MlportalError } from '../errors';
import type { NodeFeaturesApi } from './files';

const GROUP = 'airport_stats';
const ROWS = [
  { origin: 'SFO', ts: '2024-01-01T00:00:00Z', delay: 1.5, n: 10 },
  { origin: 'SFO', ts: new Date('2024-01-03T00:00:00Z'), delay: 2.5, n: 20 },
  { origin: 'LAX', ts: '2024-01-02T00:00:00Z', delay: 7, n: 5 }
];

describe('the feature API against the backend', () => {
  let server: TestServer;
  let engineer: NodeFeaturesApi;
  let business: NodeFeaturesApi;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(path.join(tmpdir(), 'mlportal-sdk-features-'));
    const tokenFor = async (role: 'data-engineer' | 'business') =>
      (await server.tokens.create({ name: role, roles: [role], createdBy: 'test' })).token;
    engineer = featuresOf(new Client({ url: server.url, token: await tokenFor('data-engineer') }));
    business = featuresOf(new Client({ url: server.url, token: await tokenFor('business') }));

    await engineer.createEntity({ name: 'airport', joinKeys: [{ name: 'origin', type: 'string' }], description: 'An origin airport' });
    await engineer.createGroup({
      name: GROUP,
      entity: 'airport',
      eventTime: 'ts',
      features: [
        { name: 'delay', type: 'float64', description: 'Mean departure delay in minutes' },
        { name: 'n', type: 'int64', description: 'Flights counted' }
      ],
      owner: 'data-platform',
      tags: ['airports']
    });
    await engineer.ingest(GROUP, { rows: ROWS });
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the entity and the group with its freshness', async () => {
    expect((await engineer.entities()).map((e) => e.name)).toEqual(['airport']);
    const group = await engineer.group(GROUP);
    expect(group).toMatchObject({ name: GROUP, entity: 'airport', owner: 'data-platform', version: 1 });
    expect(group.freshness.rows).toBeGreaterThanOrEqual(3);
    expect((await engineer.groups()).map((g) => g.name)).toContain(GROUP);
  });

  it('ingests a CSV file streamed from disk, telling the format from the extension', async () => {
    const file = path.join(dir, 'jfk.csv');
    writeFileSync(file, 'origin,ts,delay,n\nJFK,2024-01-05T00:00:00Z,3.25,7\nJFK,2024-01-04T00:00:00Z,9.5,1\n');
    const ingestion = await engineer.ingestFile(GROUP, file);
    expect(ingestion).toMatchObject({ group: GROUP, source: 'file', format: 'csv', rows: 2, maxEventTime: '2024-01-05T00:00:00.000Z' });
  });

  it('finds the group and its features by words and by type', async () => {
    const byWords = await business.search({ q: 'departure delay' });
    expect(byWords.results.map((hit) => hit.reference ?? hit.group)).toContain(`${GROUP}:delay`);
    const ints = await business.search({ type: 'int64', entity: 'airport' });
    expect(ints.results.map((hit) => hit.reference)).toEqual([`${GROUP}:n`]);
  });

  it('serves the latest online values per entity, null for an unknown one', async () => {
    const online = await engineer.online({
      features: [`${GROUP}:delay`, `${GROUP}:n`],
      entities: [{ origin: 'SFO' }, { origin: 'JFK' }, { origin: 'XXX' }]
    });
    expect(online.values).toEqual([
      [2.5, 20],
      [3.25, 7],
      [null, null]
    ]);
    expect(online.rows()[1]).toEqual({ origin: 'JFK', [`${GROUP}:delay`]: 3.25, [`${GROUP}:n`]: 7 });
  });

  it('builds a point-in-time training set: the latest value at or before each row, none from the future or past maxAge', async () => {
    const set = await engineer.trainingSet({
      entities: [
        { origin: 'SFO', at: '2024-01-02T00:00:00Z' },
        { origin: 'SFO', at: new Date('2024-01-03T00:00:00Z') },
        { origin: 'LAX', at: '2024-01-01T12:00:00Z' },
        { origin: 'SFO', at: '2024-01-20T00:00:00Z' }
      ],
      timestampColumn: 'at',
      features: [`${GROUP}:delay`, `${GROUP}:n`],
      maxAge: '7d',
      name: 'sdk test'
    });
    expect(set.rowCount).toBe(4);
    expect(set.maxAgeSeconds).toBe(7 * 86_400);
    expect(set.columns.map((c) => c.name)).toEqual(['origin', 'at', 'delay', 'n']);
    expect(set.data.delay).toEqual([1.5, 2.5, null, null]);
    expect(set.data.n).toEqual([10, 20, null, null]);
    expect(set.data.at[0]).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(set.rows()[1]).toEqual({ origin: 'SFO', at: new Date('2024-01-03T00:00:00Z'), delay: 2.5, n: 20 });

    const usage = await engineer.usage(GROUP);
    expect(usage.trainingSets.map((t) => t.id)).toContain(set.id);
    expect((await engineer.getTrainingSet(set.id)).data.delay).toEqual([1.5, 2.5, null, null]);
  });

  it('builds a training set from an uploaded entity file and downloads it as CSV', async () => {
    const entityFile = path.join(dir, 'entities.csv');
    writeFileSync(entityFile, 'origin,at\nLAX,2024-01-02T06:00:00Z\nJFK,2024-01-04T12:00:00Z\n');
    const entityFileId = await engineer.uploadEntities(entityFile);
    const set = await engineer.trainingSet(
      { entities: { entityFile: entityFileId }, timestampColumn: 'at', features: [`${GROUP}:delay`] },
      { withData: false }
    );
    expect(set).toMatchObject({ rowCount: 2, hasData: false, data: {}, entitySource: { kind: 'file', file: entityFileId } });

    const target = path.join(dir, 'set.csv');
    const written = await engineer.downloadTrainingSet(set.id, target, { format: 'csv' });
    expect(written).toMatchObject({ path: target, format: 'csv' });
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('origin,at,delay');
    expect(lines.slice(1).map((line) => Number(line.split(',').at(-1)))).toEqual([7, 9.5]);
    expect(written.bytes).toBe(readFileSync(target).length);
  });

  it('rejects rows that break the schema, naming the row numbers, and stores none of them', async () => {
    const before = (await engineer.group(GROUP)).freshness.rows;
    const error = await engineer
      .ingest(GROUP, {
        rows: [
          { origin: 'SEA', ts: '2024-01-01T00:00:00Z', delay: 1, n: 1 },
          { origin: 'SEA', ts: 'yesterday', delay: 1, n: 1 },
          { origin: 'SEA', ts: '2024-01-01T00:00:00Z', delay: 1, n: 'many' }
        ]
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalApiError);
    const apiError = error as MlportalApiError;
    expect(apiError).toMatchObject({ status: 422, code: 'rows_rejected' });
    expect(apiError.message).toMatch(/row 2\b/);
    expect(apiError.message).toMatch(/row 3\b/);
    expect((apiError.details as { problems: Array<{ row: number }> }).problems.map((p) => p.row)).toEqual([2, 3]);
    expect((await engineer.group(GROUP)).freshness.rows).toBe(before);
  });

  it('lets a business token read the catalog and statistics but not rows, naming the permission', async () => {
    const version = await business.version(GROUP);
    expect(version.stats.delay).toMatchObject({ nulls: 0 });
    expect(version.stats.delay.count).toBeGreaterThanOrEqual(3);
    const refused = await business.online({ features: [`${GROUP}:delay`], entities: [{ origin: 'SFO' }] }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    expect((refused as Error).message).toContain('features:read-rows');
    await expect(business.preview(GROUP)).rejects.toMatchObject({ status: 403 });
  });

  it('says what is wrong with a request before sending it', async () => {
    await expect(engineer.ingestFile(GROUP, path.join(dir, 'rows.txt'))).rejects.toThrow(
      /cannot tell the format of .*rows\.txt from its extension: pass \{ format: 'parquet' \| 'csv' \| 'ndjson' \}/
    );
    await expect(engineer.ingestFile(GROUP, path.join(dir, 'missing.csv'))).rejects.toThrow(/cannot read .*missing\.csv: no such file/);
    await expect(
      engineer.trainingSet({
        entities: [{ origin: 'SFO', at: '2024-01-02T00:00:00Z' }],
        timestampColumn: 'at',
        features: [`${GROUP}:delay`],
        maxAge: '7 days'
      })
    ).rejects.toBeInstanceOf(MlportalError);
  });

  it('leaves no partial file behind when a download fails', async () => {
    const target = path.join(dir, 'none.parquet');
    await expect(engineer.downloadTrainingSet('ts_missing', target)).rejects.toMatchObject({ status: 404 });
    expect(existsSync(target)).toBe(false);
  });

  it('is reachable as the module-level features, reading MLPORTAL_URL and MLPORTAL_TOKEN at each call', async () => {
    const saved = { url: process.env.MLPORTAL_URL, token: process.env.MLPORTAL_TOKEN };
    try {
      process.env.MLPORTAL_URL = server.url;
      delete process.env.MLPORTAL_TOKEN;
      await expect(envFeatures.groups()).rejects.toMatchObject({ setting: 'MLPORTAL_TOKEN' });
      process.env.MLPORTAL_TOKEN = server.adminToken;
      expect((await envFeatures.groups()).map((g) => g.name)).toContain(GROUP);
    } finally {
      for (const [name, value] of [
        ['MLPORTAL_URL', saved.url],
        ['MLPORTAL_TOKEN', saved.token]
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
