/**
 * Every registry change is kept with its audit event or not at all, on both stores. The store's
 * crash probe fails each change right after its first write (the change) and before its event: on
 * SQLite the transaction leaves neither; on FerretDB (no transactions) the outbox leaves the change
 * pending and completes its event when the store is next opened (the restart). Before groups of
 * writes, the change stayed and its event was lost.
 */
import { groupWriteProbe } from '../platform/store/group-writes';
import { openStore } from '../platform/store';
import { call, expectStatus } from '../testing/features';
import { history, registerVersion } from '../testing/registry';
import { storeTargets } from '../testing/store-targets';
import { startTestServerOn, type TestServer } from '../testing/test-server';
import { addModel } from './testing/onnx-models';

describe.each(storeTargets('registry-audit'))('a registry change and its event on $name', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(target);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  afterEach(() => {
    groupWriteProbe.afterWrite = undefined;
  });

  /** The next group fails between its first write and the rest, as a crash there would. */
  function crashAfterTheChange(): void {
    groupWriteProbe.afterWrite = (index) => {
      if (index !== 0) return;
      groupWriteProbe.afterWrite = undefined;
      throw new Error('crashed between the change and its event');
    };
  }

  /** What a restart does to the store: opening it completes MongoDB's outbox (SQLite has nothing to do). */
  async function restart(): Promise<void> {
    const reopened = await openStore(server.config.store);
    await reopened.close();
  }

  /** Both kept (the outbox completed the group) or neither (the transaction rolled back), as the store has it. */
  function expectBothOrNeither(changed: boolean, recorded: boolean): void {
    expect({ changed, recorded }).toEqual(
      target.name === 'sqlite' ? { changed: false, recorded: false } : { changed: true, recorded: true }
    );
  }

  it('creating a model', async () => {
    crashAfterTheChange();
    expect((await call(server, 'POST', '/api/v1/models', { name: 'lost-create' })).status).toBe(500);
    await restart();
    const changed = (await call(server, 'GET', '/api/v1/models/lost-create')).status === 200;
    const recorded = changed && (await history(server, 'lost-create')).some((e) => e.kind === 'created');
    expectBothOrNeither(changed, recorded);
  });

  it('moving a version to another stage', async () => {
    const version = await registerVersion(server, 'lost-stage', addModel([1, 2, 3]));
    const before = (await history(server, 'lost-stage')).length;
    crashAfterTheChange();
    const moved = await call(server, 'POST', `/api/v1/models/lost-stage/versions/${version.version}/stage`, {
      expectedRevision: version.revision,
      stage: 'staging'
    });
    expect(moved.status).toBe(500);
    await restart();
    const stage = expectStatus(await call(server, 'GET', `/api/v1/models/lost-stage/versions/${version.version}`), 200).stage;
    const events = await history(server, 'lost-stage');
    expectBothOrNeither(stage === 'staging', events.length === before + 1 && events[0].kind === 'stage' && events[0].to === 'staging');
  });

  it('setting an alias', async () => {
    const version = await registerVersion(server, 'lost-alias', addModel([3, 2, 1]));
    const model = expectStatus(await call(server, 'GET', '/api/v1/models/lost-alias'), 200);
    crashAfterTheChange();
    expect(
      (
        await call(server, 'PUT', '/api/v1/models/lost-alias/aliases/champion', {
          version: version.version,
          expectedRevision: model.revision
        })
      ).status
    ).toBe(500);
    await restart();
    const aliases = expectStatus(await call(server, 'GET', '/api/v1/models/lost-alias'), 200).aliases;
    expectBothOrNeither(
      aliases.champion === version.version,
      (await history(server, 'lost-alias')).some((e) => e.kind === 'alias-set')
    );
  });

  it('deleting a version', async () => {
    const version = await registerVersion(server, 'lost-delete', addModel([2, 2, 2]));
    crashAfterTheChange();
    const deleted = await call(
      server,
      'DELETE',
      `/api/v1/models/lost-delete/versions/${version.version}?expectedRevision=${version.revision}`
    );
    expect(deleted.status).toBe(500);
    await restart();
    const gone = (await call(server, 'GET', `/api/v1/models/lost-delete/versions/${version.version}`)).status === 404;
    expectBothOrNeither(
      gone,
      (await history(server, 'lost-delete')).some((e) => e.kind === 'deleted' && e.version === version.version)
    );
  });
});
