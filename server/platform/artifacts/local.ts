/**
 * The artifact store on the local filesystem, under <dataDir>/artifacts:
 *   objects/<first two hex digits>/<sha256>   complete artifacts, read-only once in place
 *   tmp/<start id>-<uuid>.part                 uploads in progress
 * An upload streams into a temp file while its SHA-256 is computed, is fsynced, then renamed
 * into objects/ (atomic on one filesystem) and the folder fsynced: a killed process leaves at
 * most a temp file, never a partial artifact. The backend that holds the data-dir lock removes,
 * when it opens the store, every temp file of an earlier start (see platform/data-dir).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadRequestError, NotFoundError, PayloadTooLargeError } from '../errors';
import type { ArtifactInfo, ArtifactStore, PutOptions } from './port';
import type { DataDirLock } from '../data-dir/lock';
import { removeOtherStarts, tempName } from '../data-dir/temp-files';

const SHA256_KEY = /^[0-9a-f]{64}$/;
const TEMP_SUFFIX = '.part';

/**
 * `owner`: the data-dir lock of the backend that owns `dataDir`; its temp files carry its start id and
 * earlier starts' leftovers are removed. Without it (a benchmark or test reading a running backend's
 * store) nothing is removed: another process may own the folder.
 */
export async function openLocalArtifactStore(dataDir: string, owner?: DataDirLock): Promise<ArtifactStore> {
  const root = path.resolve(dataDir, 'artifacts');
  const objectsDir = path.join(root, 'objects');
  const tempDir = path.join(root, 'tmp');
  await fs.mkdir(objectsDir, { recursive: true });
  await fs.mkdir(tempDir, { recursive: true });
  if (owner) await removeOtherStarts(tempDir, owner.startId);
  return new LocalArtifactStore(objectsDir, tempDir, owner?.startId ?? `guest${randomBytes(8).toString('hex')}`);
}

class LocalArtifactStore implements ArtifactStore {
  constructor(
    private readonly objectsDir: string,
    private readonly tempDir: string,
    private readonly startId: string
  ) {}

  async put(content: Readable, options: PutOptions = {}): Promise<ArtifactInfo> {
    const maxBytes = checkMaxBytes(options.maxBytes);
    const tempPath = path.join(this.tempDir, tempName(this.startId, TEMP_SUFFIX));
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (maxBytes !== undefined && size > maxBytes) {
          done(new PayloadTooLargeError(`the artifact is larger than the limit of ${maxBytes} bytes`, { maxBytes }));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      }
    });

    // flush: fsync before the file is closed, and pipeline resolves only after the close.
    const sink = createWriteStream(tempPath, { flags: 'wx', mode: 0o600, flush: true });
    try {
      await pipeline(content, meter, sink);
    } catch (err) {
      // The file opens asynchronously: remove it only once the stream is done with it.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await fs.rm(tempPath, { force: true });
      throw err;
    }

    const sha256 = hash.digest('hex');
    const finalPath = this.pathFor(sha256);
    try {
      await fs.mkdir(path.dirname(finalPath), { recursive: true });
      // Same content, same name: replacing an existing copy is harmless and keeps this atomic.
      await fs.rename(tempPath, finalPath);
      await syncDirectory(path.dirname(finalPath));
    } catch (err) {
      await fs.rm(tempPath, { force: true });
      throw err;
    }
    return { sha256, size };
  }

  async open(sha256: string): Promise<Readable> {
    const file = await this.openExisting(sha256);
    return file.createReadStream();
  }

  async stat(sha256: string): Promise<ArtifactInfo> {
    try {
      const stats = await fs.stat(this.pathFor(sha256));
      return { sha256, size: stats.size };
    } catch (err) {
      throw isMissing(err) ? notFound(sha256) : err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathFor(sha256));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    try {
      await fs.unlink(this.pathFor(sha256));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  private async openExisting(sha256: string): Promise<fs.FileHandle> {
    try {
      return await fs.open(this.pathFor(sha256), 'r');
    } catch (err) {
      throw isMissing(err) ? notFound(sha256) : err;
    }
  }

  /** The only way from a key to a path: the key must be a SHA-256 in hex, and the path must stay under objects/. */
  private pathFor(sha256: unknown): string {
    if (typeof sha256 !== 'string' || !SHA256_KEY.test(sha256)) {
      throw new BadRequestError(
        `an artifact key must be 64 lowercase hex digits (a SHA-256), got ${JSON.stringify(typeof sha256 === 'string' ? sha256.slice(0, 80) : typeof sha256)}`,
        undefined,
        'invalid_artifact_key'
      );
    }
    const resolved = path.resolve(this.objectsDir, sha256.slice(0, 2), sha256);
    if (!resolved.startsWith(this.objectsDir + path.sep)) {
      throw new BadRequestError('an artifact key resolved outside the artifact store', undefined, 'invalid_artifact_key');
    }
    return resolved;
  }
}

function checkMaxBytes(maxBytes: unknown): number | undefined {
  if (maxBytes === undefined) return undefined;
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new BadRequestError(`maxBytes must be a non-negative integer, got ${String(maxBytes)}`);
  }
  return maxBytes;
}

/** Makes a rename durable: the directory entry is on disk, not only the file's bytes. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

function notFound(sha256: string): NotFoundError {
  return new NotFoundError(`artifact ${sha256} does not exist`, { sha256 });
}
