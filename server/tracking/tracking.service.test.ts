/**
 * The tracking service on both stores: SQLite, and MongoDB's wire protocol (FerretDB started here,
 * or the MongoDB at MLPORTAL_TEST_MONGO_URL), since search runs as store filters and sorts.
 */
import { openLocalArtifactStore } from '../platform/artifacts/local';
import { AppError } from '../platform/errors';
import type { DocumentStore } from '../platform/store';
import { rejectionOf } from '../testing/rejection';
import { storeTargets, type StartedStore } from '../testing/store-targets';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import type { Run, SearchRunsRequest } from '@mlportal/contract';
import { TrackingService } from './service';

const refusal = (promise: Promise<unknown>): Promise<AppError> => rejectionOf(promise, AppError);

describe.each(storeTargets('tracking'))('tracking service on $name', (target) => {
  let dir: TempDir;
  let started: StartedStore;
  let store: DocumentStore;
  let tracking: TrackingService;

  beforeAll(async () => {
    dir = makeTempDir('tracking');
    started = await target.start();
    store = await started.open();
    tracking = new TrackingService({ store, artifacts: await openLocalArtifactStore(dir.path), maxArtifactBytes: 1 << 20 });
    await tracking.prepare();
  });

  afterAll(async () => {
    await store?.close();
    await started?.stop();
    dir.remove();
  });

  describe('experiments', () => {
    it('have a default "0", unique trimmed names, paging, and revisions', async () => {
      expect(await tracking.experiments.ensureDefault()).toMatchObject({
        id: '0',
        name: 'Default',
        lifecycleStage: 'active',
        artifactLocation: 'mlportal-artifacts:/experiments/0'
      });
      const created = await tracking.experiments.create(
        { name: '  flights delay ', description: 'd', tags: { 'team.name': 'ops' } },
        'alice'
      );
      expect(created).toMatchObject({
        name: 'flights delay',
        description: 'd',
        tags: { 'team.name': 'ops' },
        createdBy: 'alice',
        revision: 1
      });
      expect(created.id).toMatch(/^[1-9]\d{17}$/);
      expect(await tracking.experiments.getByName('flights delay')).toEqual(created);

      const duplicate = await refusal(tracking.experiments.create({ name: 'flights delay' }, 'bob'));
      expect([duplicate.status, duplicate.code, duplicate.message]).toEqual([
        409,
        'duplicate',
        'an experiment named "flights delay" already exists'
      ]);
      expect((await refusal(tracking.experiments.get('42'))).message).toBe('no experiment with id "42"');
      expect((await refusal(tracking.experiments.getByName('nope'))).status).toBe(404);

      for (const name of ['Flights B', 'flights c', 'other']) await tracking.experiments.create({ name }, 'alice');
      const first = await tracking.experiments.list({ search: 'FLIGHTS', maxResults: 2 });
      expect(first.experiments.map((e) => e.name)).toEqual(['Flights B', 'flights c']);
      const second = await tracking.experiments.list({ search: 'FLIGHTS', maxResults: 2, pageToken: first.nextPageToken });
      expect(second).toEqual({ experiments: [expect.objectContaining({ name: 'flights delay' })] });
      expect((await tracking.experiments.list({ name: 'other' })).experiments.map((e) => e.name)).toEqual(['other']);
      expect((await refusal(tracking.experiments.list({ name: 'other', pageToken: first.nextPageToken }))).message).toBe(
        'invalid pageToken: it belongs to another search (send the same filter, orderBy and experimentIds as for the first page)'
      );

      const renamed = await tracking.experiments.update(
        created.id,
        { expectedRevision: 1, name: 'flights', tags: { stage: 'dev' } },
        'alice'
      );
      expect(renamed).toMatchObject({ name: 'flights', tags: { 'team.name': 'ops', stage: 'dev' }, revision: 2 });
      expect((await refusal(tracking.experiments.update(created.id, { expectedRevision: 1, description: 'x' }, 'bob'))).code).toBe(
        'stale_revision'
      );
      expect((await refusal(tracking.experiments.update(created.id, { expectedRevision: 2, name: 'other' }, 'bob'))).code).toBe(
        'duplicate'
      );
    });
  });

  describe('runs', () => {
    it('start in the default experiment with a 32-hex id, end with an end time, and merge origins', async () => {
      const run = await tracking.runs.create(
        { name: 'first', tags: { 'mlflow.note': 'hi' }, origin: { notebookPath: 'a.ipynb', source: 'sdk' } },
        'alice'
      );
      expect(run).toMatchObject({
        experimentId: '0',
        name: 'first',
        status: 'RUNNING',
        createdBy: 'alice',
        tags: { 'mlflow.note': 'hi' },
        params: {},
        metrics: {}
      });
      expect(run.id).toMatch(/^[0-9a-f]{32}$/);
      expect(run.artifactUri).toBe(`mlportal-artifacts:/runs/${run.id}`);
      expect(run.endTime).toBeUndefined();
      const finished = await tracking.runs.update(run.id, { status: 'FINISHED', origin: { cellId: 'c1' } });
      expect(finished.status).toBe('FINISHED');
      expect(finished.endTime).toEqual(expect.any(String));
      expect(finished.origin).toEqual({ notebookPath: 'a.ipynb', source: 'sdk', cellId: 'c1' });
      expect(await tracking.runs.get(run.id)).toEqual(finished);

      expect((await refusal(tracking.runs.create({ experimentId: '123' }, 'alice'))).message).toBe('no experiment with id "123"');
      expect((await refusal(tracking.runs.get('f'.repeat(32)))).status).toBe(404);
    });

    it('log params once, the latest metric per key, tags; keys with dots, slashes and spaces', async () => {
      const run = await tracking.runs.create({}, 'alice');
      await tracking.runs.log(run.id, {
        params: { lr: 0.01, 'model.type': 'xgb', 'opt/beta 1': true },
        metrics: [
          { key: 'val/loss', value: 0.5, step: 2, timestamp: '2024-01-01T00:00:02Z' },
          { key: 'val/loss', value: 0.9, step: 1, timestamp: '2024-01-01T00:00:05Z' },
          { key: 'acc.top-1', value: 0.7 }
        ],
        tags: { 'a.b': 'c' }
      });
      const logged = await tracking.runs.log(run.id, {
        params: { lr: '0.01' },
        metrics: [
          { key: 'val/loss', value: 0.4, step: 2, timestamp: '2024-01-01T00:00:03Z' },
          { key: 'val/loss', value: 0.8, step: 0, timestamp: '2024-01-01T00:00:09Z' }
        ],
        tags: { 'a.b': 'd' }
      });
      expect(logged.params).toEqual({ lr: '0.01', 'model.type': 'xgb', 'opt/beta 1': 'true' });
      expect(logged.metrics['val/loss']).toEqual({ value: 0.4, step: 2, timestamp: '2024-01-01T00:00:03.000Z' });
      expect(logged.metrics['acc.top-1']).toMatchObject({ value: 0.7, step: 0 });
      expect(logged.tags).toEqual({ 'a.b': 'd' });

      const history = await tracking.runs.metricHistory(run.id, 'val/loss');
      expect(history).toEqual({
        key: 'val/loss',
        history: [
          { value: 0.8, step: 0, timestamp: '2024-01-01T00:00:09.000Z' },
          { value: 0.9, step: 1, timestamp: '2024-01-01T00:00:05.000Z' },
          { value: 0.5, step: 2, timestamp: '2024-01-01T00:00:02.000Z' },
          { value: 0.4, step: 2, timestamp: '2024-01-01T00:00:03.000Z' }
        ]
      });
      expect(await tracking.runs.metricHistory(run.id, 'never')).toEqual({ key: 'never', history: [] });
    });

    it('refuse a changed param with 409 naming the key, and keep nothing of that call', async () => {
      const run = await tracking.runs.create({}, 'alice');
      await tracking.runs.log(run.id, { params: { lr: '0.01' } });
      const conflict = await refusal(
        tracking.runs.log(run.id, { params: { depth: '3', lr: '0.1' }, metrics: [{ key: 'loss', value: 1 }], tags: { t: 'x' } })
      );
      expect([conflict.status, conflict.code, conflict.message]).toEqual([
        409,
        'conflict',
        `param "lr" of run ${run.id} is already "0.01": params never change (got "0.1")`
      ]);
      const after = await tracking.runs.get(run.id);
      expect(after).toMatchObject({ params: { lr: '0.01' }, metrics: {}, tags: {} });
      expect((await tracking.runs.metricHistory(run.id, 'loss')).history).toEqual([]);
    });

    it('merge concurrent log calls to one run without losing any', async () => {
      const run = await tracking.runs.create({}, 'alice');
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          tracking.runs.log(run.id, {
            params: { [`p${i}`]: String(i) },
            metrics: [{ key: 'loss', value: i, step: i }],
            tags: { [`t${i}`]: 'x' }
          })
        )
      );
      const merged = await tracking.runs.get(run.id);
      expect(Object.keys(merged.params).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
      expect(Object.keys(merged.tags)).toHaveLength(8);
      expect(merged.metrics.loss).toMatchObject({ value: 7, step: 7 });
      expect((await tracking.runs.metricHistory(run.id, 'loss')).history.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('refuse NaN, infinities, bad steps, bad keys and too many values, naming them', async () => {
      const run = await tracking.runs.create({}, 'alice');
      const messages = [];
      for (const request of [
        {
          metrics: [
            { key: 'ok', value: 1 },
            { key: 'loss', value: Number.NaN }
          ]
        },
        { metrics: [{ key: 'loss', value: Number.POSITIVE_INFINITY }] },
        { metrics: [{ key: 'loss', value: Number.NEGATIVE_INFINITY }] },
        { metrics: [{ key: 'loss', value: '1' as unknown as number }] },
        { metrics: [{ key: 'loss', value: 1, step: 1.5 }] },
        { metrics: [{ key: 'bad!key', value: 1 }] },
        { params: { lr: Number.NaN } },
        { params: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, 'x'])) }
      ]) {
        const refused = await refusal(tracking.runs.log(run.id, request));
        expect(refused.status).toBe(400);
        messages.push(refused.message);
      }
      expect(messages).toEqual([
        'metric "loss" must be a finite number, got NaN',
        'metric "loss" must be a finite number, got Infinity',
        'metric "loss" must be a finite number, got -Infinity',
        'metric "loss" must be a finite number, got "1"',
        'metric "loss": step must be a whole number ≥ 0, got 1.5',
        'metric key "bad!key" is invalid: use letters, digits, _ . - / and spaces, 1 to 250 characters',
        'param "lr" must be a string, a finite number or a boolean, got NaN',
        'at most 100 params per call (got 101)'
      ]);
      expect(await tracking.runs.get(run.id)).toMatchObject({ metrics: {}, params: {} });
      expect((await tracking.runs.metricHistory(run.id, 'ok')).history).toEqual([]);
    });
  });

  describe('search', () => {
    let experimentId: string;
    const seeded: Run[] = [];

    beforeAll(async () => {
      experimentId = (await tracking.experiments.create({ name: `search-${target.name}` }, 'alice')).id;
      for (let i = 0; i < 30; i++) {
        const run = await tracking.runs.create(
          {
            experimentId,
            name: `run-${String(i).padStart(2, '0')}`,
            startTime: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
            tags: { team: i % 3 === 0 ? 'Vision' : 'nlp' }
          },
          'alice'
        );
        const metrics = i % 5 === 4 ? [] : [{ key: 'auc', value: ((i * 7) % 30) / 30 }];
        seeded.push(
          await tracking.runs.log(run.id, {
            params: { lr: i % 2 === 0 ? '0.01' : '0.1', 'model.type': i % 4 === 0 ? 'xgboost' : 'forest' },
            metrics: [...metrics, { key: 'val loss', value: i }]
          })
        );
      }
    });

    const names = (runs: Run[]) => runs.map((r) => r.name);
    const search = (request: SearchRunsRequest) => tracking.runs.search({ experimentIds: [experimentId], ...request });
    async function everyPage(request: SearchRunsRequest): Promise<string[]> {
      const all: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await search({ ...request, pageToken });
        expect(page.runs.length).toBeLessThanOrEqual(request.maxResults ?? 100);
        all.push(...names(page.runs));
        pageToken = page.nextPageToken;
      } while (pageToken);
      return all;
    }

    it('filters on metrics and params in the store and sorts by a metric, newest first by default', async () => {
      const expected = seeded
        .filter((r) => r.metrics.auc && r.metrics.auc.value > 0.5 && r.params.lr === '0.01')
        .sort((a, b) => b.metrics.auc.value - a.metrics.auc.value || (a.startTime < b.startTime ? 1 : -1))
        .map((r) => r.name);
      expect(expected.length).toBeGreaterThan(3);
      const page = await search({ filter: "metrics.auc > 0.5 and params.lr = '0.01'", orderBy: ['metrics.auc DESC'] });
      expect(names(page.runs)).toEqual(expected);
      expect(page.nextPageToken).toBeUndefined();
      expect(names((await search({})).runs)).toEqual(names(seeded).reverse());
      expect(await everyPage({ filter: "metrics.auc > 0.5 and params.lr = '0.01'", orderBy: ['metrics.auc DESC'], maxResults: 2 })).toEqual(
        expected
      );
    });

    it('puts runs lacking the sorted metric last, either way, across pages', async () => {
      const having = seeded.filter((r) => r.metrics.auc);
      const lacking = seeded
        .filter((r) => !r.metrics.auc)
        .reverse()
        .map((r) => r.name);
      const ascending = [...having]
        .sort((a, b) => a.metrics.auc.value - b.metrics.auc.value || (a.startTime < b.startTime ? 1 : -1))
        .map((r) => r.name);
      const descending = [...having]
        .sort((a, b) => b.metrics.auc.value - a.metrics.auc.value || (a.startTime < b.startTime ? 1 : -1))
        .map((r) => r.name);
      expect(await everyPage({ orderBy: ['metrics.auc ASC'], maxResults: 7 })).toEqual([...ascending, ...lacking]);
      expect(await everyPage({ orderBy: ['metrics.auc DESC'], maxResults: 4 })).toEqual([...descending, ...lacking]);
      expect(await everyPage({ orderBy: ['metrics.`val loss`'], maxResults: 1000 })).toEqual(names(seeded));
    });

    it('checks like and ilike after the store, and pages through them', async () => {
      const expected = seeded
        .filter((r) => r.params['model.type'].startsWith('xgb') && r.tags.team === 'Vision')
        .reverse()
        .map((r) => r.name);
      expect(expected.length).toBeGreaterThan(1);
      expect(await everyPage({ filter: "params.model.type like 'xgb%' and tags.team ilike 'VIS%'", maxResults: 1 })).toEqual(expected);
      expect(names((await search({ filter: "params.`model.type` LIKE 'XGB%'" })).runs)).toEqual([]);
    });

    it('matches != only on runs that have the field, and compares attributes', async () => {
      const notFast = seeded
        .filter((r) => r.metrics.auc && r.metrics.auc.value !== 0)
        .reverse()
        .map((r) => r.name);
      expect(names((await search({ filter: 'metrics.auc != 0' })).runs)).toEqual(notFast);
      expect(names((await search({ filter: "attributes.run_name = 'run-03'" })).runs)).toEqual(['run-03']);
      expect(
        names(
          (await search({ filter: `attributes.start_time >= ${Date.UTC(2024, 0, 1, 0, 27)}`, orderBy: ['attributes.start_time ASC'] })).runs
        )
      ).toEqual(['run-27', 'run-28', 'run-29']);
      expect(names((await search({ filter: `attributes.run_id = '${seeded[5].id}'` })).runs)).toEqual(['run-05']);
      expect((await search({ filter: "attributes.status = 'FINISHED'" })).runs).toEqual([]);
      expect((await tracking.runs.search({ experimentIds: ['404'] })).runs).toEqual([]);
    });

    it('refuses bad filters, orderBy and page tokens with 400', async () => {
      const bad = await refusal(search({ filter: 'metrics.auc >> 1' }));
      expect([bad.status, bad.message]).toEqual([400, 'invalid filter at position 14: metrics.auc compares with a number, got ">"']);
      expect((await refusal(search({ orderBy: ['auc'] }))).status).toBe(400);
      const first = await search({ maxResults: 1 });
      expect((await refusal(search({ maxResults: 1, filter: 'metrics.auc > 0', pageToken: first.nextPageToken }))).code).toBe(
        'invalid_page_token'
      );
      expect((await refusal(search({ pageToken: 'garbage' }))).message).toBe('invalid pageToken: it is not one this server gave');
      expect((await refusal(search({ maxResults: 1001 }))).status).toBe(400);
    });
  });
});
