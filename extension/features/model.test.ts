import { call, expectStatus, ingestRows, tokenWith } from '../../server/testing/features';
import { startTestServer, type TestServer } from '../../server/testing/test-server';
import { ConnectionModel } from '../connection/model';
import { FeatureDiscoveryModel } from './model';

/** Three airports over three days: enough for keys, statistics and a point-in-time join. */
const DAYS = ['2001-06-28T00:00:00.000Z', '2001-06-29T00:00:00.000Z', '2001-06-30T00:00:00.000Z'];
const AIRPORTS = ['SFO', 'LAX', 'JFK'];

async function defineAirportDelay7d(server: TestServer): Promise<void> {
  expectStatus(
    await call(server, 'POST', '/api/v1/features/entities', { name: 'airport', joinKeys: [{ name: 'origin', type: 'string' }] }),
    201
  );
  expectStatus(
    await call(server, 'POST', '/api/v1/features/groups', {
      name: 'airport_delay_7d',
      entity: 'airport',
      eventTime: 'date',
      description: 'Departure delays at the origin over the previous 7 days',
      owner: 'data-platform',
      tags: ['flights', 'delay'],
      features: [
        { name: 'mean_delay_7d', type: 'float64', description: 'Mean departure delay in minutes' },
        { name: 'flights_7d', type: 'int64', description: 'Departures counted' }
      ]
    }),
    201
  );
  const rows = DAYS.flatMap((date, day) =>
    AIRPORTS.map((origin, index) => ({ origin, date, mean_delay_7d: 5 + index * 10 + day, flights_7d: 100 + index }))
  );
  expectStatus(await ingestRows(server, 'airport_delay_7d', rows), 201);
}

/** Resolves when the next search has answered. */
function nextSearch(model: FeatureDiscoveryModel): Promise<void> {
  return new Promise((resolve) => {
    let started = false;
    const listener = () => {
      started ||= model.state.search.loading;
      if (started && !model.state.search.loading) {
        model.stateChanged.disconnect(listener);
        resolve();
      }
    };
    model.stateChanged.connect(listener);
  });
}

describe('FeatureDiscoveryModel against a real backend', () => {
  let server: TestServer;
  let businessToken: string;
  const models: FeatureDiscoveryModel[] = [];
  const connections: ConnectionModel[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await defineAirportDelay7d(server);
    businessToken = await tokenWith(server, 'business');
  });

  afterEach(() => {
    models.splice(0).forEach((model) => model.dispose());
    connections.splice(0).forEach((connection) => connection.dispose());
  });

  afterAll(async () => {
    await server.stop();
  });

  async function discovery(
    token: string,
    options: { checkConnection?: boolean; backendUrl?: string } = {}
  ): Promise<FeatureDiscoveryModel> {
    const connection = new ConnectionModel({ backendUrl: options.backendUrl ?? server.url, token, pollIntervalSeconds: 0 });
    connections.push(connection);
    if (options.checkConnection !== false) {
      await connection.refresh();
    }
    const model = new FeatureDiscoveryModel(connection, { exampleRows: 2, typingDelayMs: 0 });
    models.push(model);
    return model;
  }

  it('searches the catalog with filters and offers the catalog’s tags, owners and entities', async () => {
    const model = await discovery(server.adminToken);
    await model.start();
    const { search, facets } = model.state;
    expect(search).toMatchObject({ loading: false, problem: null, done: true, total: 3 });
    expect(search.hits.map((hit) => hit.reference ?? hit.group)).toEqual(
      expect.arrayContaining(['airport_delay_7d', 'airport_delay_7d:mean_delay_7d', 'airport_delay_7d:flights_7d'])
    );
    expect(search.hits[0]).toMatchObject({ owner: 'data-platform', entity: 'airport', freshness: DAYS[2], usage: { trainingSets: 0 } });
    expect(facets).toEqual({ tags: ['delay', 'flights'], owners: ['data-platform'], entities: ['airport'] });

    const searched = nextSearch(model);
    model.setFilters({ type: 'int64' });
    await searched;
    expect(model.state.search.hits.map((hit) => hit.reference)).toEqual(['airport_delay_7d:flights_7d']);
  });

  it('opens a group with its statistics and rows, and writes code whose keys find feature values', async () => {
    const model = await discovery(server.adminToken);
    await model.openGroup('airport_delay_7d', 'flights_7d');
    const page = model.state.page!;
    expect(page).toMatchObject({ name: 'airport_delay_7d', loading: false, problem: null, previewProblem: null, focus: 'flights_7d' });
    expect(page.version!.stats.mean_delay_7d).toMatchObject({ count: 9, nulls: 0, min: 5, max: 27 });
    expect(page.version!.stats.mean_delay_7d.histogram!.reduce((sum, bin) => sum + bin.count, 0)).toBe(9);
    expect(page.preview!.rows).toHaveLength(9);

    model.setGroupSelected(page.group!, true);
    expect(model.state.selection).toEqual(['airport_delay_7d:mean_delay_7d', 'airport_delay_7d:flights_7d']);
    const code = await model.featureCode('training-set');
    expect(code.examples.fromData).toBe(true);
    expect(code.examples.rows).toHaveLength(2);
    expect(code.source).toContain(`{ origin: '${code.examples.rows[0].origin}', ts: '${DAYS[2]}' }`);

    // The rows written into the cell, sent as the cell sends them, get values (none null).
    const trainingSet = await connections[0].client.features.trainingSet({
      entities: code.examples.rows,
      timestampColumn: code.examples.timestampColumn,
      features: model.state.selection
    });
    expect(trainingSet.rowCount).toBe(2);
    expect(trainingSet.data.mean_delay_7d.every((value) => typeof value === 'number')).toBe(true);

    await model.refresh();
    expect(model.state.page!.usage!.trainingSets).toHaveLength(1);
  });

  it('shows the business role the catalog and statistics but says its rows are not visible', async () => {
    const model = await discovery(businessToken);
    expect(model.canReadRows).toBe(false);
    await model.openGroup('airport_delay_7d');
    const page = model.state.page!;
    expect(page.version!.stats.flights_7d.count).toBe(9);
    expect(page.preview).toBeNull();
    expect(page.previewProblem!.message).toMatch(/^Rows are not visible to the business role: the catalog and statistics are\./);

    model.setSelected('airport_delay_7d:flights_7d', true);
    const code = await model.featureCode('online');
    expect(code.examples.fromData).toBe(false);
    expect(code.source).toContain(
      '// Replace the example origin values below: rows are not visible to this token, so these keys are placeholders'
    );
    expect(code.source).toContain("{ origin: '<origin>' }");
  });

  it('reports the backend’s 403 on rows when the role was not known beforehand', async () => {
    const model = await discovery(businessToken, { checkConnection: false });
    expect(model.canReadRows).toBeNull();
    await model.openGroup('airport_delay_7d');
    const problem = model.state.page!.previewProblem!;
    expect(problem.status).toBe(403);
    expect(problem.message).toMatch(
      /^Rows are not visible to this token: the catalog and statistics are\. Reading the rows of airport_delay_7d is not allowed for this token \(403\)\./
    );
    expect(problem.message).toContain('features:read-rows');
    expect(model.state.page!.version!.stats.flights_7d.count).toBe(9);
  });

  it('says what is wrong when a group is missing or the backend URL is unusable', async () => {
    const model = await discovery(server.adminToken);
    await model.openGroup('no_such_group');
    expect(model.state.page!.problem!.message).toMatch(/^Reading the feature group no_such_group failed: not found \(404\)\./);

    const unconfigured = await discovery(server.adminToken, { checkConnection: false, backendUrl: '' });
    await unconfigured.search();
    expect(unconfigured.state.search.problem!.message).toBe(
      'Searching the feature catalog failed. No mlportal backend URL is set: add one under Settings → ML Portal → backendUrl.'
    );
  });
});
