/**
 * A group of writes (a change and its event) survives kill -9 whole or not at all, on both stores.
 * A child writes groups in a loop and is SIGKILLed exactly between the change and its event (the
 * crash the registry's audit trail used to lose events to), after both writes before the store
 * finished the group, and at random points; on reopen (which completes MongoDB's outbox) the
 * counter always equals the number of events, and no acknowledged group is lost.
 * SQLite shows "neither" for a kill between the two writes (the transaction never committed);
 * FerretDB, which has no transactions, shows "both": its outbox completes the group at reopen.
 */
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { spawnTypeScript } from '../../testing/children';
import { EVENTS, storeOptionsOf, SUBJECTS } from '../../testing/children/group-writer';
import { storeTargets, type StartedStore } from '../../testing/store-targets';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { GROUP_MARKER } from './documents';
import { openStore } from './index';
import { OUTBOX_COLLECTION } from './mongodb-groups';

const writer = path.join(__dirname, '..', '..', 'testing', 'children', 'group-writer.ts');

describe.each(storeTargets('group-crash'))('groups of writes after kill -9: $name', (target) => {
  let started: StartedStore;
  let dir: TempDir;
  let round = 0;

  beforeAll(async () => {
    started = await target.start();
    dir = makeTempDir('group-crash');
  }, 60_000);

  afterAll(async () => {
    await started?.stop();
    dir?.remove();
  }, 60_000);

  /** A store of its own per test, named the way the child reads it. */
  const freshStore = () => {
    round += 1;
    if (target.name === 'sqlite') return `sqlite:${path.join(dir.path, `round${round}.sqlite`)}`;
    return `mongodb:${started.env.MLPORTAL_MONGO_URL}#${started.env.MLPORTAL_MONGO_DB}_${round}`;
  };

  async function runUntilKilled(spec: string, killAt?: string, lines?: number): Promise<number> {
    const child = spawnTypeScript(writer, killAt ? [spec, killAt] : [spec]);
    try {
      if (lines !== undefined) await child.waitForLines(lines);
      else await new Promise<void>((resolve) => child.child.once('exit', () => resolve()));
    } finally {
      await child.kill();
    }
    expect(child.child.signalCode).toBe('SIGKILL');
    return child.lines.length === 0 ? 0 : Number(child.lines[child.lines.length - 1]);
  }

  /** Reopens the store (MongoDB: completing its outbox), checks that every group is whole, answers the counter. */
  async function wholeGroups(spec: string): Promise<number> {
    const store = await openStore(storeOptionsOf(spec));
    let counter: number;
    try {
      const subject = await store.collection<{ counter: number }>(SUBJECTS).get('subject');
      const events = await store.collection<{ counter: number }>(EVENTS).find({}, { sort: { counter: 1 } });
      expect(subject).not.toBeNull();
      counter = subject!.counter;
      expect(events.map((e) => e._id)).toEqual(Array.from({ length: counter }, (_, i) => `ev${i}`));
      expect(subject!._rev).toBe(counter + 1);
    } finally {
      await store.close();
    }
    if (target.name === 'mongodb') await expectNothingPending(spec);
    return counter;
  }

  /** The outbox is empty and no document keeps a group's mark. */
  async function expectNothingPending(spec: string): Promise<void> {
    const [url, dbName] = spec.slice('mongodb:'.length).split('#');
    const client = await MongoClient.connect(url);
    try {
      const db = client.db(dbName);
      expect(await db.collection(OUTBOX_COLLECTION).countDocuments({})).toBe(0);
      for (const name of [SUBJECTS, EVENTS])
        expect(await db.collection(name).countDocuments({ [GROUP_MARKER]: { $exists: true } })).toBe(0);
    } finally {
      await client.close();
    }
  }

  it('keeps both or neither when killed between the change and its event', async () => {
    const spec = freshStore();
    await runUntilKilled(spec, '5:0');
    const counter = await wholeGroups(spec);
    // Five groups were acknowledged; the sixth was cut between its writes.
    expect(counter).toBe(target.name === 'sqlite' ? 5 : 6);
  }, 60_000);

  it('keeps both or neither when killed after both writes, before the store finished the group', async () => {
    const spec = freshStore();
    await runUntilKilled(spec, '3:1');
    expect(await wholeGroups(spec)).toBe(target.name === 'sqlite' ? 3 : 4);
  }, 60_000);

  it('loses no acknowledged group and splits none when killed at random points, three times over', async () => {
    const spec = freshStore();
    let acknowledged = 0;
    for (let i = 0; i < 3; i++) {
      acknowledged = Math.max(acknowledged, await runUntilKilled(spec, undefined, 40 + i * 17));
      // Each restart reopens the store first, as the backend does: the outbox is completed before new writes.
      expect(await wholeGroups(spec)).toBeGreaterThanOrEqual(acknowledged);
    }
  }, 120_000);
});
