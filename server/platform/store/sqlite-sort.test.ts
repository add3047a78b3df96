/**
 * A sort on a field the filter holds to numbers or strings is read in the field's order alone (so an
 * index can deliver it): the answers must be those of the general sort, booleans and missing fields
 * being filtered out either way.
 */
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { openStore, type DocumentStore } from './index';

let dir: TempDir;
let store: DocumentStore;

beforeAll(async () => {
  dir = makeTempDir('sqlite-sort');
  store = await openStore({ kind: 'sqlite', path: path.join(dir.path, 'store.sqlite') });
  const things = store.collection<{ v?: unknown; g: string }>('things');
  await things.ensureIndex({ fields: ['g', 'v'] });
  for (const [id, v] of [
    ['a', true],
    ['b', 3],
    ['c', 'x'],
    ['d', 1],
    ['e', undefined],
    ['f', null],
    ['g', 2.5],
    ['h', 'a'],
    ['i', false]
  ] as const) {
    await things.insert({ _id: id, g: 'one', ...(v === undefined ? {} : { v }) });
  }
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id);

it('sorts pinned fields like unpinned ones', async () => {
  const things = store.collection<{ v?: unknown; g: string }>('things');
  expect(ids(await things.find({ g: 'one', v: { $gte: -Number.MAX_VALUE } }, { sort: { v: -1 } }))).toEqual(['b', 'g', 'd']);
  expect(ids(await things.find({ g: 'one', v: { $gte: '' } }, { sort: { v: 1 } }))).toEqual(['h', 'c']);
  expect(ids(await things.find({ g: 'one', v: { $in: ['x', 1, 3] } }, { sort: { v: 1 } }))).toEqual(['d', 'b', 'c']);
  expect(ids(await things.find({ g: 'one', v: { $ne: 'x' } }, { sort: { v: -1 } }))).toEqual(['a', 'i', 'h', 'b', 'g', 'd', 'e', 'f']);
  expect(ids(await things.find({ g: 'one' }, { sort: { v: -1 }, limit: 3 }))).toEqual(['a', 'i', 'c']);
});
