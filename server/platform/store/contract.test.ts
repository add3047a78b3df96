/**
 * The document-store contract: one suite, run against the SQLite adapter and the MongoDB adapter
 * (FerretDB started here, or the MongoDB at MLPORTAL_TEST_MONGO_URL). When no MongoDB-wire server
 * can be had, the MongoDB half fails with the reason; it is never skipped.
 */
import { BadRequestError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../errors';
import { storeTargets, type StartedStore } from '../../testing/store-targets';
import type { DocumentStore } from './index';

interface Person {
  name: string;
  age?: number | string | boolean | null;
  team?: { name: string; size?: number };
  email?: string;
  tags?: string[];
}

describe.each(storeTargets('contract'))('document store contract: $name', (target) => {
  let started: StartedStore;
  let store: DocumentStore;
  let collectionCount = 0;
  /** Each test gets its own collection, so tests never see each other's documents. */
  const freshName = () => `people_${++collectionCount}`;

  beforeAll(async () => {
    started = await target.start();
    store = await started.open();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await started?.stop();
  }, 60_000);

  it('reports its kind and answers ping', async () => {
    expect(store.kind).toBe(target.name);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('insert and get', () => {
    it('assigns an _id and revision 1, and reads the document back whole', async () => {
      const people = store.collection<Person>(freshName());
      const doc = { name: 'Ada', age: 36, team: { name: 'engines', size: 3 }, tags: ['math', 'poetry'] };
      const stored = await people.insert(doc);
      expect(typeof stored._id).toBe('string');
      expect(stored._id.length).toBeGreaterThan(0);
      expect(stored._rev).toBe(1);
      expect(await people.get(stored._id)).toEqual({ ...doc, _id: stored._id, _rev: 1 });
    });

    it('keeps a given _id and refuses a second document with it', async () => {
      const people = store.collection<Person>(freshName());
      await people.insert({ _id: 'ada', name: 'Ada' });
      const clash = people.insert({ _id: 'ada', name: 'Other' });
      await expect(clash).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(clash).rejects.toThrow(/same _id/);
      expect(await people.get('ada')).toEqual({ _id: 'ada', _rev: 1, name: 'Ada' });
      expect(await people.count()).toBe(1);
    });

    it('inserts many documents in one write, each with its own _id and revision 1', async () => {
      const people = store.collection<Person>(freshName());
      const stored = await people.insertMany([{ _id: 'a', name: 'A', age: 1 }, { name: 'B' }, { name: 'C', tags: ['x'] }]);
      expect(stored.map((doc) => [doc.name, doc._rev])).toEqual([
        ['A', 1],
        ['B', 1],
        ['C', 1]
      ]);
      expect(stored[0]._id).toBe('a');
      expect(new Set(stored.map((doc) => doc._id)).size).toBe(3);
      for (const doc of stored) expect(await people.get(doc._id)).toEqual(doc);
      expect(await people.insertMany([])).toEqual([]);
      await expect(people.insertMany([{ _id: 'a', name: 'again' }])).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await people.count()).toBe(3);
    });

    it('answers null for a missing id', async () => {
      const people = store.collection<Person>(freshName());
      expect(await people.get('nobody')).toBeNull();
    });

    it('leaves out undefined fields and ignores a _rev passed in', async () => {
      const people = store.collection<Person>(freshName());
      const stored = await people.insert({ _id: 'x', name: 'X', age: undefined, _rev: 7 } as Person & { _id: string });
      expect(stored).toEqual({ _id: 'x', _rev: 1, name: 'X' });
      expect(await people.get('x')).toEqual({ _id: 'x', _rev: 1, name: 'X' });
    });
  });

  describe('find, filters, sort, paging, count', () => {
    const docs: Array<Person & { _id: string }> = [
      { _id: 'a', name: 'Ada', age: 36, team: { name: 'engines', size: 3 } },
      { _id: 'b', name: 'Bob', age: 25, team: { name: 'ops' } },
      { _id: 'c', name: 'Cy', age: 41, email: 'cy@example.org' },
      { _id: 'd', name: 'Di', age: '36' },
      { _id: 'e', name: 'Ed', age: true },
      { _id: 'f', name: 'Flo', age: null },
      { _id: 'g', name: 'Gus' }
    ];
    let people: ReturnType<DocumentStore['collection']>;
    const ids = async (filter: Parameters<typeof people.find>[0], options?: Parameters<typeof people.find>[1]) =>
      (await people.find(filter, options)).map((d) => d._id);

    beforeAll(async () => {
      people = store.collection<Person>(freshName());
      for (const doc of docs) await people.insert(doc);
    });

    it('finds everything without a filter, ordered by _id', async () => {
      expect(await ids(undefined)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      expect(await people.count()).toBe(7);
    });

    it('matches equality by kind: 36 is neither "36" nor true', async () => {
      expect(await ids({ age: 36 })).toEqual(['a']);
      expect(await ids({ age: '36' })).toEqual(['d']);
      expect(await ids({ age: true })).toEqual(['e']);
      expect(await ids({ age: { $eq: 36 } })).toEqual(['a']);
      expect(await ids({ age: 1 })).toEqual([]);
    });

    it('treats null as "null or missing"', async () => {
      expect(await ids({ age: null })).toEqual(['f', 'g']);
      expect(await ids({ age: { $ne: null } })).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('$ne also matches documents without the field', async () => {
      expect(await ids({ age: { $ne: 36 } })).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
      expect(await ids({ email: { $ne: 'cy@example.org' } })).toEqual(['a', 'b', 'd', 'e', 'f', 'g']);
    });

    it('compares ranges within one kind only', async () => {
      expect(await ids({ age: { $gt: 30 } })).toEqual(['a', 'c']);
      expect(await ids({ age: { $gte: 25, $lt: 41 } })).toEqual(['a', 'b']);
      expect(await ids({ age: { $lte: 36 } })).toEqual(['a', 'b']);
      expect(await ids({ age: { $gt: '' } })).toEqual(['d']);
      expect(await ids({ name: { $gte: 'C', $lt: 'E' } })).toEqual(['c', 'd']);
    });

    it('supports $in with mixed kinds and $exists', async () => {
      expect(await ids({ age: { $in: [25, '36', null] } })).toEqual(['b', 'd', 'f', 'g']);
      expect(await ids({ age: { $in: [] } })).toEqual([]);
      expect(await ids({ email: { $exists: true } })).toEqual(['c']);
      expect(await ids({ age: { $exists: false } })).toEqual(['g']);
      expect(await ids({ age: { $exists: true } })).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    });

    it('filters on nested paths, _id and _rev, with all fields ANDed', async () => {
      expect(await ids({ 'team.name': 'ops' })).toEqual(['b']);
      expect(await ids({ 'team.size': { $gte: 3 } })).toEqual(['a']);
      expect(await ids({ _id: { $in: ['c', 'e', 'zz'] } })).toEqual(['c', 'e']);
      expect(await ids({ _rev: 1, name: { $lt: 'C' } })).toEqual(['a', 'b']);
      expect(await ids({ age: { $gt: 20 }, 'team.name': { $exists: true } })).toEqual(['a', 'b']);
    });

    it('reads a batch of ids of any size in one find, and an _id matches strings only', async () => {
      const wanted = ['g', 'a', 'a', ...Array.from({ length: 1200 }, (_, i) => `missing_${i}`), 'd'];
      expect(await ids({ _id: { $in: wanted } })).toEqual(['a', 'd', 'g']);
      expect(await ids({ _id: { $in: ['e'] } })).toEqual(['e']);
      expect(await ids({ _id: { $in: ['b', 'c'] }, age: { $lt: 30 } })).toEqual(['b']);
      const numbered = store.collection<Person>(freshName());
      await numbered.insert({ _id: '36', name: 'Thirty-six' });
      await numbered.insert({ _id: '36.5', name: 'Thirty-six and a half' });
      expect((await numbered.find({ _id: '36' })).map((d) => d._id)).toEqual(['36']);
      expect(await numbered.find({ _id: 36 })).toEqual([]);
      expect(await numbered.find({ _id: 36.5 })).toEqual([]);
      expect(await numbered.find({ _id: { $in: [36, 36.5, true, null] } })).toEqual([]);
      expect(await numbered.count({ _id: { $in: [36.5, '36'] } })).toBe(1);
    });

    it('findOne answers the first match or null', async () => {
      expect((await people.findOne({ name: 'Cy' }))?._id).toBe('c');
      expect(await people.findOne({ name: 'Nobody' })).toBeNull();
    });

    it('counts with a filter', async () => {
      expect(await people.count({ age: { $gt: 30 } })).toBe(2);
      expect(await people.count({ age: null })).toBe(2);
    });

    it('sorts mixed kinds as MongoDB does: null/missing < numbers < strings < booleans', async () => {
      expect(await ids(undefined, { sort: { age: 1 } })).toEqual(['f', 'g', 'b', 'a', 'c', 'd', 'e']);
      // Ties (f and g) keep _id order whatever the direction, so pages never overlap.
      expect(await ids(undefined, { sort: { age: -1 } })).toEqual(['e', 'd', 'c', 'a', 'b', 'f', 'g']);
    });

    it('sorts by several keys and pages with skip and limit', async () => {
      const byTeamThenName = { sort: { 'team.name': -1 as const, name: 1 as const } };
      expect(await ids(undefined, byTeamThenName)).toEqual(['b', 'a', 'c', 'd', 'e', 'f', 'g']);
      expect(await ids(undefined, { ...byTeamThenName, limit: 3 })).toEqual(['b', 'a', 'c']);
      expect(await ids(undefined, { ...byTeamThenName, skip: 3, limit: 3 })).toEqual(['d', 'e', 'f']);
      expect(await ids(undefined, { ...byTeamThenName, skip: 6 })).toEqual(['g']);
      expect(await ids(undefined, { limit: 0 })).toEqual([]);
      expect(await ids({ age: { $gt: 0 } }, { sort: { _id: -1 }, limit: 2 })).toEqual(['c', 'b']);
    });
  });

  describe('unique indexes', () => {
    it('refuses a duplicate value on insert and on update, naming the fields', async () => {
      const people = store.collection<Person>(freshName());
      await people.ensureIndex({ fields: ['email'], unique: true });
      await people.ensureIndex({ fields: ['email'], unique: true }); // idempotent
      await people.insert({ _id: 'a', name: 'A', email: 'a@example.org' });
      const b = await people.insert({ _id: 'b', name: 'B', email: 'b@example.org' });

      const insertClash = people.insert({ name: 'C', email: 'a@example.org' });
      await expect(insertClash).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(insertClash).rejects.toThrow(/email/);
      const updateClash = people.update('b', b._rev, { email: 'a@example.org' });
      await expect(updateClash).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(updateClash).rejects.toThrow(/email/);

      expect(await people.get('b')).toEqual(b);
      expect(await people.count()).toBe(2);
    });

    it('keys compound indexes on all their fields, telling 1 from true', async () => {
      const people = store.collection<Person>(freshName());
      await people.ensureIndex({ fields: ['team.name', 'age'], unique: true });
      await people.insert({ name: 'A', team: { name: 'ops' }, age: 1 });
      await people.insert({ name: 'B', team: { name: 'ops' }, age: true });
      await people.insert({ name: 'C', team: { name: 'dev' }, age: 1 });
      const clash = people.insert({ name: 'D', team: { name: 'ops' }, age: 1 });
      await expect(clash).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(clash).rejects.toThrow(/same team\.name, age/);
      expect(await people.count()).toBe(3);
    });

    it('leaves out documents lacking a field, while null is a value that clashes', async () => {
      const people = store.collection<Person>(freshName());
      await people.ensureIndex({ fields: ['email', 'age'], unique: true });
      await people.insert({ name: 'A' });
      await people.insert({ name: 'B' });
      await people.insert({ name: 'C', email: 'c@example.org' });
      await people.insert({ name: 'D', email: 'c@example.org' });
      await people.insert({ name: 'E', email: 'e@example.org', age: null });
      await expect(people.insert({ name: 'F', email: 'e@example.org', age: null })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await people.count()).toBe(5);
    });

    it('refuses to create a unique index over existing duplicates', async () => {
      const people = store.collection<Person>(freshName());
      await people.insert({ name: 'same' });
      await people.insert({ name: 'same' });
      await expect(people.ensureIndex({ fields: ['name'], unique: true })).rejects.toBeInstanceOf(DuplicateKeyError);
    });

    it('accepts plain (non-unique) indexes that filters then use', async () => {
      const people = store.collection<Person>(freshName());
      await people.ensureIndex({ fields: ['age'] });
      await people.insert({ name: 'A', age: 3 });
      await people.insert({ name: 'B', age: 3 });
      expect(await people.count({ age: 3 })).toBe(2);
    });
  });

  describe('updates and optimistic concurrency', () => {
    it('sets fields, removes fields set to undefined, keeps the rest, and bumps the revision', async () => {
      const people = store.collection<Person>(freshName());
      const ada = await people.insert({ name: 'Ada', age: 36, email: 'ada@example.org' });
      const updated = await people.update(ada._id, 1, { age: 37, email: undefined, team: { name: 'engines' } });
      expect(updated).toEqual({ _id: ada._id, _rev: 2, name: 'Ada', age: 37, team: { name: 'engines' } });
      expect(await people.get(ada._id)).toEqual(updated);
      const again = await people.update(ada._id, 2, { name: 'Ada L.' });
      expect(again._rev).toBe(3);
    });

    it('lets exactly one of two writers who read revision 1 win; the other gets StaleRevisionError', async () => {
      const name = freshName();
      const other = await started.open();
      try {
        const mine = store.collection<Person>(name);
        const theirs = other.collection<Person>(name);
        const doc = await mine.insert({ name: 'shared', age: 1 });
        const [first, second] = await Promise.allSettled([
          mine.update(doc._id, 1, { age: 2, email: 'mine@example.org' }),
          theirs.update(doc._id, 1, { age: 3, name: 'theirs' })
        ]);
        const outcomes = [first, second];
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(StaleRevisionError);
        expect(lost[0].reason.details).toEqual({ expected: 1, actual: 2 });

        const winner = (won[0] as PromiseFulfilledResult<unknown>).value;
        expect(await mine.get(doc._id)).toEqual(winner);
        expect(await theirs.get(doc._id)).toEqual(winner);
        expect((winner as { _rev: number })._rev).toBe(2);
      } finally {
        await other.close();
      }
    });

    it('refuses a stale revision without writing, and tells it from a missing document', async () => {
      const people = store.collection<Person>(freshName());
      const doc = await people.insert({ name: 'A', age: 1 });
      const v2 = await people.update(doc._id, 1, { age: 2 });
      await expect(people.update(doc._id, 1, { age: 99 })).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(people.update(doc._id, 3, { age: 99 })).rejects.toBeInstanceOf(StaleRevisionError);
      expect(await people.get(doc._id)).toEqual(v2);
      await expect(people.update('missing', 1, { age: 1 })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses to change _id but accepts a document spread back with its own _id and _rev', async () => {
      const people = store.collection<Person>(freshName());
      const doc = await people.insert({ name: 'A' });
      await expect(people.update(doc._id, 1, { _id: 'other' } as Partial<Person>)).rejects.toBeInstanceOf(BadRequestError);
      const updated = await people.update(doc._id, 1, { ...doc, name: 'B' });
      expect(updated).toEqual({ _id: doc._id, _rev: 2, name: 'B' });
    });
  });

  describe('delete', () => {
    it('deletes with the current revision only', async () => {
      const people = store.collection<Person>(freshName());
      const doc = await people.insert({ name: 'A' });
      await people.update(doc._id, 1, { name: 'B' });
      await expect(people.delete(doc._id, 1)).rejects.toBeInstanceOf(StaleRevisionError);
      expect(await people.get(doc._id)).toMatchObject({ name: 'B', _rev: 2 });
      await people.delete(doc._id, 2);
      expect(await people.get(doc._id)).toBeNull();
      await expect(people.delete(doc._id, 2)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('writes together', () => {
    it('stores inserts, updates and deletes over several collections as one, answering each', async () => {
      const people = store.collection<Person>(freshName());
      const events = store.collection<{ what: string }>(freshName());
      const ada = await people.insert({ _id: 'ada', name: 'Ada', age: 36 });
      const bob = await people.insert({ _id: 'bob', name: 'Bob' });
      const results = await store.writeTogether([
        { collection: people.name, update: 'ada', expectedRev: ada._rev, changes: { age: 37, email: 'ada@example.org' } },
        { collection: events.name, insert: { _id: 'e1', what: 'birthday' } },
        { collection: people.name, delete: 'bob', expectedRev: bob._rev }
      ]);
      expect(results).toEqual([
        { _id: 'ada', _rev: 2, name: 'Ada', age: 37, email: 'ada@example.org' },
        { _id: 'e1', _rev: 1, what: 'birthday' },
        null
      ]);
      expect(await people.get('ada')).toEqual(results[0]);
      expect(await events.get('e1')).toEqual(results[1]);
      expect(await people.get('bob')).toBeNull();
      expect(await store.writeTogether([])).toEqual([]);
    });

    it('refuses the whole group, nothing written, when any write is stale, missing or a taken id', async () => {
      const people = store.collection<Person>(freshName());
      const events = store.collection<{ what: string }>(freshName());
      const ada = await people.insert({ _id: 'ada', name: 'Ada' });
      await events.insert({ _id: 'taken', what: 'before' });
      const event = { collection: events.name, insert: { _id: 'e1', what: 'x' } };
      const change = { collection: people.name, update: 'ada', expectedRev: ada._rev, changes: { name: 'Changed' } };
      await expect(store.writeTogether([event, { ...change, expectedRev: 7 }])).rejects.toBeInstanceOf(StaleRevisionError);
      await expect(store.writeTogether([{ ...change, update: 'nobody' }, event])).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store.writeTogether([change, { collection: events.name, insert: { _id: 'taken', what: 'again' } }])
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(store.writeTogether([event, { collection: people.name, delete: 'ada', expectedRev: 9 }])).rejects.toBeInstanceOf(
        StaleRevisionError
      );
      expect(await people.get('ada')).toEqual(ada);
      expect(await events.find()).toEqual([{ _id: 'taken', _rev: 1, what: 'before' }]);
    });

    it('refuses the whole group when its first write clashes on a unique index', async () => {
      const people = store.collection<Person>(freshName());
      const events = store.collection<{ what: string }>(freshName());
      await people.ensureIndex({ fields: ['email'], unique: true });
      await people.insert({ _id: 'a', name: 'A', email: 'a@example.org' });
      const clash = store.writeTogether([
        { collection: people.name, insert: { _id: 'b', name: 'B', email: 'a@example.org' } },
        { collection: events.name, insert: { _id: 'e', what: 'created b' } }
      ]);
      await expect(clash).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(clash).rejects.toThrow(/email/);
      expect(await people.count()).toBe(1);
      expect(await events.count()).toBe(0);
    });

    it('refuses a group that names no insert id, writes one document twice, or holds a reserved field', async () => {
      const people = store.collection<Person>(freshName());
      const ada = await people.insert({ _id: 'ada', name: 'Ada' });
      await expect(store.writeTogether([{ collection: people.name, insert: { name: 'no id' } as never }])).rejects.toThrow(/names its _id/);
      await expect(
        store.writeTogether([
          { collection: people.name, update: 'ada', expectedRev: 1, changes: { age: 1 } },
          { collection: people.name, delete: 'ada', expectedRev: 1 }
        ])
      ).rejects.toThrow(/written twice/);
      await expect(people.insert({ name: 'X', _writeGroup: 'g' } as Person)).rejects.toThrow(/reserved/);
      await expect(people.update('ada', 1, { _writeGroup: 'g' } as Partial<Person>)).rejects.toThrow(/reserved/);
      expect(await people.find()).toEqual([ada]);
    });
  });

  describe('restart', () => {
    it('keeps documents, revisions and unique indexes across close and reopen', async () => {
      const name = freshName();
      const before = await started.open();
      const people = before.collection<Person>(name);
      await people.ensureIndex({ fields: ['email'], unique: true });
      const a = await people.insert({ name: 'A', email: 'a@example.org' });
      const a2 = await people.update(a._id, 1, { age: 5 });
      await people.insert({ name: 'B', email: 'b@example.org' });
      await before.close();

      const after = await started.open();
      try {
        const reopened = after.collection<Person>(name);
        expect(await reopened.get(a._id)).toEqual(a2);
        expect(await reopened.count()).toBe(2);
        await expect(reopened.insert({ name: 'C', email: 'b@example.org' })).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(reopened.update(a._id, 1, { age: 6 })).rejects.toBeInstanceOf(StaleRevisionError);
      } finally {
        await after.close();
      }
    });
  });

  describe('bad names and bad input', () => {
    const expectBadRequest = async (action: () => unknown, pattern: RegExp) => {
      let caught: unknown;
      try {
        await action();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BadRequestError);
      expect((caught as Error).message).toMatch(pattern);
    };

    it('refuses collection names that are not identifiers', async () => {
      for (const bad of ['', 'people; DROP TABLE x', 'a"b', 'with space', '1abc', 'a.b', 'x'.repeat(65), 'system$']) {
        await expectBadRequest(() => store.collection(bad), /invalid collection name/);
      }
    });

    it('refuses field paths that are not identifiers joined by dots, wherever they appear', async () => {
      const people = store.collection<Person>(freshName());
      const badPaths = ["name') OR 1=1 --", 'a..b', '.a', 'a.', '$where', 'a-b', 'a.$b', ''];
      for (const bad of badPaths) {
        await expectBadRequest(() => people.find({ [bad]: 1 }), /invalid field path/);
        await expectBadRequest(() => people.find({}, { sort: { [bad]: 1 } }), /invalid field path/);
        await expectBadRequest(() => people.ensureIndex({ fields: [bad] }), /invalid field path/);
      }
    });

    it('refuses unknown operators and operands of the wrong kind', async () => {
      const people = store.collection<Person>(freshName());
      await expectBadRequest(() => people.find({ age: { $regex: 'x' } as never }), /unsupported operator "\$regex"/);
      await expectBadRequest(() => people.find({ age: { $gt: true } as never }), /\$gt on "age" needs a number or a string/);
      await expectBadRequest(() => people.find({ age: { $in: 3 } as never }), /\$in on "age" needs an array/);
      await expectBadRequest(() => people.find({ age: undefined as never }), /\$eq on "age"/);
      await expectBadRequest(() => people.find({ age: Number.NaN }), /finite number/);
      await expectBadRequest(() => people.find({}, { limit: -1 }), /limit must be a non-negative integer/);
      await expectBadRequest(() => people.find({}, { sort: { age: 2 as 1 } }), /sort on "age" must be 1 or -1/);
    });

    it('refuses documents that are not plain JSON, naming the field', async () => {
      const people = store.collection<Record<string, unknown>>(freshName());
      await expectBadRequest(() => people.insert({ when: new Date() }), /field "when" must be JSON/);
      await expectBadRequest(() => people.insert({ n: Number.POSITIVE_INFINITY }), /field "n" must be a finite number/);
      await expectBadRequest(() => people.insert({ nested: { 'a.b': 1 } }), /field "nested.a.b" has a key/);
      await expectBadRequest(() => people.insert({ $set: 1 }), /field "\$set" has a key/);
      await expectBadRequest(() => people.insert({ _id: 42 as unknown as string }), /_id must be a non-empty string/);
      await expectBadRequest(() => people.update('x', 0, {}), /revision must be a positive integer/);
      expect(await people.count()).toBe(0);
    });
  });
});
