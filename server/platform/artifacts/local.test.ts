/** The local artifact store against a real temp folder, including a writer killed mid-upload. */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BadRequestError, NotFoundError, PayloadTooLargeError } from '../errors';
import { spawnTypeScript } from '../../testing/children';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { DataDirInUseError, lockDataDir } from '../data-dir/lock';
import { openLocalArtifactStore } from './local';
import type { ArtifactStore } from './port';

const sha256Of = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/** Every file under a folder, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('local artifact store', () => {
  let dir: TempDir;
  let store: ArtifactStore;
  const tempFiles = () => filesUnder(path.join(dir.path, 'artifacts', 'tmp'));
  const objectFiles = () => filesUnder(path.join(dir.path, 'artifacts', 'objects'));

  beforeEach(async () => {
    dir = makeTempDir('artifacts');
    store = await openLocalArtifactStore(dir.path);
  });
  afterEach(() => dir.remove());

  it('keeps content under its SHA-256 and streams it back', async () => {
    const content = 'model weights\n'.repeat(1000);
    const info = await store.put(Readable.from([content.slice(0, 5000), content.slice(5000)]));
    expect(info).toEqual({ sha256: sha256Of(content), size: Buffer.byteLength(content) });
    expect(await text(await store.open(info.sha256))).toBe(content);
    expect(await store.stat(info.sha256)).toEqual(info);
    expect(await store.has(info.sha256)).toBe(true);
    expect(await objectFiles()).toEqual([path.join(info.sha256.slice(0, 2), info.sha256)]);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores the same content once', async () => {
    const a = await store.put(Readable.from(['same bytes']));
    const b = await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]));
    expect(b).toEqual(a);
    expect(await objectFiles()).toHaveLength(1);
  });

  it('keeps an empty artifact', async () => {
    const info = await store.put(Readable.from([]));
    expect(info).toEqual({ sha256: sha256Of(''), size: 0 });
    expect(await text(await store.open(info.sha256))).toBe('');
  });

  it('writes to disk while the upload is still arriving', async () => {
    // The source sends its second half only once the first is on disk: a store that buffered the
    // whole upload before writing would never see the end, and this test would time out.
    const firstHalf = Buffer.alloc(256 * 1024, 1);
    const secondHalf = Buffer.alloc(256 * 1024, 2);
    let sentFirst = false;
    const source = new Readable({
      read() {
        if (!sentFirst) {
          sentFirst = true;
          this.push(firstHalf);
          return;
        }
        void (async () => {
          while (!(await tempFileSizes()).some((size) => size >= firstHalf.length)) {
            await new Promise((r) => setTimeout(r, 10));
          }
          this.push(secondHalf);
          this.push(null);
        })();
      }
    });
    const tempFileSizes = async () =>
      Promise.all((await tempFiles()).map(async (f) => (await fs.stat(path.join(dir.path, 'artifacts', 'tmp', f))).size));
    const info = await store.put(source);
    expect(info.size).toBe(firstHalf.length + secondHalf.length);
    expect(info.sha256).toBe(sha256Of(Buffer.concat([firstHalf, secondHalf])));
  });

  it('refuses content over maxBytes and keeps nothing', async () => {
    const big = Buffer.alloc(10_001, 1);
    await expect(store.put(Readable.from([big.subarray(0, 6000), big.subarray(6000)]), { maxBytes: 10_000 })).rejects.toBeInstanceOf(
      PayloadTooLargeError
    );
    expect(await objectFiles()).toEqual([]);
    expect(await tempFiles()).toEqual([]);
    const exact = await store.put(Readable.from([big.subarray(0, 10_000)]), { maxBytes: 10_000 });
    expect(exact.size).toBe(10_000);
  });

  it('keeps nothing when the upload stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('client went away'));
      }
    });
    await expect(store.put(failing)).rejects.toThrow('client went away');
    expect(await objectFiles()).toEqual([]);
    expect(await tempFiles()).toEqual([]);
  });

  it('answers NotFoundError for an unknown key, and delete says whether it removed anything', async () => {
    const info = await store.put(Readable.from(['to delete']));
    const unknown = sha256Of('never stored');
    await expect(store.open(unknown)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.stat(unknown)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.has(unknown)).toBe(false);
    expect(await store.delete(info.sha256)).toBe(true);
    expect(await store.delete(info.sha256)).toBe(false);
    expect(await store.has(info.sha256)).toBe(false);
    await expect(store.open(info.sha256)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses any key that is not a lowercase hex SHA-256 before touching the filesystem', async () => {
    // A real file a traversal would reach if the key got through.
    await fs.writeFile(path.join(dir.path, 'secret'), 'do not serve');
    const badKeys = [
      '../secret',
      '../../secret',
      `${'a'.repeat(62)}/..`,
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      `${'a'.repeat(63)}\u0000`,
      `/${'a'.repeat(63)}`,
      '',
      42 as unknown as string
    ];
    for (const key of badKeys) {
      for (const action of [() => store.open(key), () => store.stat(key), () => store.has(key), () => store.delete(key)]) {
        await expect(action()).rejects.toBeInstanceOf(BadRequestError);
      }
    }
    expect(existsSync(path.join(dir.path, 'secret'))).toBe(true);
  });

  it('refuses a bad maxBytes', async () => {
    await expect(store.put(Readable.from(['x']), { maxBytes: -1 })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('leaves no visible artifact when the writing backend is killed, and the next start removes its temp file whatever the pid says', async () => {
    const writer = spawnTypeScript(path.join(__dirname, '..', '..', 'testing', 'children', 'artifact-writer.ts'), [dir.path]);
    try {
      await writer.waitForLines(1);
      // While the writer lives, it owns the folder.
      expect(() => lockDataDir(dir.path)).toThrow(DataDirInUseError);
    } finally {
      await writer.kill();
    }
    expect(writer.child.signalCode).toBe('SIGKILL');
    expect(await tempFiles()).toHaveLength(1);
    expect(await objectFiles()).toEqual([]);

    // Leftovers that a pid check keeps: named by a live pid (ours, as with a reused pid), and by
    // pid 1 (always alive, and the backend's own pid in a container).
    const tmp = path.join(dir.path, 'artifacts', 'tmp');
    await fs.writeFile(path.join(tmp, `${process.pid}-00000000-0000-0000-0000-000000000000.part`), 'partial');
    await fs.writeFile(path.join(tmp, '1-00000000-0000-0000-0000-000000000000.part'), 'partial');
    expect(await tempFiles()).toHaveLength(3);

    // The kernel released the killed writer's lock: the next start takes it and clears what is not its own.
    const lock = lockDataDir(dir.path);
    try {
      await openLocalArtifactStore(dir.path, lock);
      expect(await tempFiles()).toEqual([]);
      expect(await objectFiles()).toEqual([]);
    } finally {
      lock.release();
    }
  });

  it("names its temp files with the owner's start id, and removes nothing when opened without the lock", async () => {
    const lock = lockDataDir(dir.path);
    try {
      const owned = await openLocalArtifactStore(dir.path, lock);
      const body = new PassThrough();
      const put = owned.put(body);
      body.write('first half');
      let names: string[] = [];
      while (names.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        names = await tempFiles();
      }
      expect(names).toEqual([expect.stringMatching(new RegExp(`^${lock.startId}-[0-9a-f-]{36}\\.part$`))]);

      // A guest (a benchmark reading a running backend's store) must not touch the owner's uploads.
      await openLocalArtifactStore(dir.path);
      expect(await tempFiles()).toEqual(names);

      body.end(' and the rest');
      expect(await put).toEqual({ sha256: sha256Of('first half and the rest'), size: 23 });
      expect(await tempFiles()).toEqual([]);
    } finally {
      lock.release();
    }
  });
});
