/**
 * A run's files: bytes in the content-addressed artifact store, and per run an index of paths →
 * artifacts (one document per file), listed one folder level at a time like MLflow's list_artifacts.
 * A file that holds data rows is classified so when written (`rows`); opening one checks the reader
 * against the rows rule (auth/rows.ts), so every download path (v1, MLflow) applies it.
 */
import type { Readable } from 'node:stream';
import { requireMayRead, type Reader } from '../auth/rows';
import type { ArtifactStore } from '../platform/artifacts/port';
import { ConflictError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../platform/errors';
import type { Collection, DocumentStore } from '../platform/store/port';
import { ancestorsOf, checkArtifactPath, checkArtifactPrefix } from './artifact-paths';
import { COLLECTIONS, type Actor, type RunArtifactDocument } from './documents';
import type { Runs } from './runs';
import type { RunArtifactEntry, RunArtifactList, StoredRunArtifact } from '@mlportal/contract';
import { putStream } from './upload-stream';

export interface RunArtifactsDependencies {
  store: DocumentStore;
  artifacts: ArtifactStore;
  runs: Runs;
  now: () => Date;
  /** Largest file, in bytes (413 beyond). */
  maxBytes: number;
}

export class RunArtifacts {
  private readonly files: Collection<RunArtifactDocument>;

  constructor(private readonly deps: RunArtifactsDependencies) {
    this.files = deps.store.collection<RunArtifactDocument>(COLLECTIONS.runArtifacts);
  }

  async prepare(): Promise<void> {
    await this.files.ensureIndex({ fields: ['runId', 'path'], unique: true });
  }

  /**
   * Streams `content` in as the file at `path` (replacing one there, classification included); a
   * failed or too large upload keeps nothing. `rows`: the file holds data rows.
   */
  async put(
    runId: string,
    path: string,
    content: Readable,
    actor: Actor = 'mlportal',
    options: { rows?: boolean } = {}
  ): Promise<StoredRunArtifact> {
    checkArtifactPath(path);
    await this.deps.runs.require(runId);
    await this.refuseFileFolderClash(runId, path);
    const { sha256, size } = await putStream(this.deps.artifacts, content, this.deps.maxBytes);
    // `rows: undefined` removes an earlier file's classification when it is replaced.
    const fields = {
      runId,
      path,
      sha256,
      size,
      createdAt: this.deps.now().toISOString(),
      createdBy: actor,
      rows: options.rows === true ? (true as const) : undefined
    };
    const id = `${runId}/${path}`;
    for (;;) {
      try {
        await this.files.insert({ _id: id, ...fields });
        break;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
      const existing = await this.files.get(id);
      if (!existing) continue;
      try {
        await this.files.update(id, existing._rev, fields);
        break;
      } catch (err) {
        if (!(err instanceof StaleRevisionError)) throw err;
      }
    }
    return { path, sha256, size, ...(options.rows === true ? { rows: true } : {}) };
  }

  /** One folder level under `prefix` ("" for the run's root): files with their size, and folders. */
  async list(runId: string, prefix?: string): Promise<RunArtifactList> {
    const folder = checkArtifactPrefix(prefix);
    await this.deps.runs.require(runId);
    const base = folder === '' ? '' : `${folder}/`;
    const docs = await this.files.find(folder === '' ? { runId } : { runId, path: under(folder) }, { sort: { path: 1 } });
    const entries = new Map<string, RunArtifactEntry>();
    for (const doc of docs) {
      const rest = doc.path.slice(base.length);
      const slash = rest.indexOf('/');
      if (slash < 0) entries.set(doc.path, { path: doc.path, isDir: false, size: doc.size, ...(doc.rows ? { rows: true } : {}) });
      else entries.set(base + rest.slice(0, slash), { path: base + rest.slice(0, slash), isDir: true });
    }
    return { files: [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  }

  /** The file's artifact and classification, or null when the run has no file at `path`. */
  async resolve(runId: string, path: string): Promise<{ sha256: string; size: number; rows: boolean } | null> {
    checkArtifactPath(path);
    await this.deps.runs.require(runId);
    const doc = await this.files.get(`${runId}/${path}`);
    return doc ? { sha256: doc.sha256, size: doc.size, rows: doc.rows === true } : null;
  }

  /** The file's bytes for `reader`: a file classified as rows only for those who may read rows (403 otherwise). */
  async open(runId: string, path: string, reader: Reader): Promise<{ sha256: string; size: number; stream: Readable }> {
    const found = await this.resolve(runId, path);
    if (!found) throw new NotFoundError(`run ${runId} has no artifact ${JSON.stringify(path)}`, { runId, path });
    requireMayRead(reader, found, `artifact ${JSON.stringify(path)} of run ${runId}`);
    return { sha256: found.sha256, size: found.size, stream: await this.deps.artifacts.open(found.sha256) };
  }

  /** A path is a file or a folder, never both: "a" cannot be stored beside "a/b", nor "a/b" under a file "a". */
  private async refuseFileFolderClash(runId: string, path: string): Promise<void> {
    const ancestors = ancestorsOf(path);
    if (ancestors.length > 0) {
      const file = await this.files.findOne({ runId, path: { $in: ancestors } });
      if (file)
        throw new ConflictError(
          `run ${runId} has a file ${JSON.stringify(file.path)}, so ${JSON.stringify(path)} cannot be a file under it`,
          'conflict',
          { path }
        );
    }
    if (await this.files.findOne({ runId, path: under(path) })) {
      throw new ConflictError(`run ${runId} has a folder ${JSON.stringify(path)}, so it cannot also be a file`, 'conflict', { path });
    }
  }
}

/** Paths below folder `path`: "path/" ≤ p < "path0" ("0" follows "/" in every encoding). */
function under(path: string) {
  return { $gte: `${path}/`, $lt: `${path}0` };
}
