/**
 * ONNX files for model versions. An upload is streamed to a temp file (413 past the limit, nothing
 * kept when it is cut short), validated (onnx/validate.ts), and only then put into the artifact
 * store by content hash and recorded in model_artifacts with its signature: a version can only
 * reference a file that was found valid, and a refused file never reaches the artifact store.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { receiveUpload } from '../api/upload';
import type { ArtifactStore } from '../platform/artifacts/port';
import { DuplicateKeyError, NotFoundError, PayloadTooLargeError } from '../platform/errors';
import { removeOtherStarts, tempName } from '../platform/data-dir/temp-files';
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import { COLLECTIONS, type ArtifactDocument } from './documents';
import { validateOnnx } from '../platform/onnx/validate';
import { type ModelArtifact, SHA256_PATTERN, type Signature } from '@mlportal/contract';

const TEMP_SUFFIX = '.onnx.part';

export interface ModelArtifactsDependencies {
  store: DocumentStore;
  artifacts: ArtifactStore;
  /** Where uploads wait while they are checked (<dataDir>/registry/tmp). */
  tempDir: string;
  /** This start's id (platform/data-dir): temp files that do not carry it are an earlier start's leftovers. */
  startId: string;
  maxBytes: number;
  now: () => Date;
}

export class ModelArtifacts {
  private readonly records: Collection<ArtifactDocument>;

  constructor(private readonly deps: ModelArtifactsDependencies) {
    this.records = deps.store.collection<ArtifactDocument>(COLLECTIONS.artifacts);
  }

  /** Creates the temp folder and removes what earlier starts left in it. */
  async prepare(): Promise<void> {
    await fs.mkdir(this.deps.tempDir, { recursive: true });
    await removeOtherStarts(this.deps.tempDir, this.deps.startId);
  }

  /** A streamed upload → a validated, stored ModelArtifact. */
  async upload(body: Readable, actor: string): Promise<ModelArtifact> {
    const temp = path.join(this.deps.tempDir, tempName(this.deps.startId, TEMP_SUFFIX));
    try {
      try {
        await receiveUpload(body, temp, this.deps.maxBytes);
      } catch (err) {
        if (err instanceof PayloadTooLargeError) throw this.tooLarge();
        throw err;
      }
      const signature = await validateOnnx(await fs.readFile(temp));
      const info = await this.deps.artifacts.put(createReadStream(temp));
      return await this.record(info.sha256, info.size, signature, actor);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /**
   * Validates and records a file already in the artifact store (a run's artifact, say), so a
   * version can reference it. A file that is refused stays where it was: it belongs to its owner.
   */
  async registerExisting(sha256: string, actor: string): Promise<ModelArtifact> {
    const known = await this.find(sha256);
    if (known) return known;
    if (!SHA256_PATTERN.test(sha256) || !(await this.deps.artifacts.has(sha256))) {
      throw new NotFoundError(`no artifact ${sha256} in the artifact store`, { artifact: sha256 });
    }
    const { size } = await this.deps.artifacts.stat(sha256);
    if (size > this.deps.maxBytes) throw this.tooLarge();
    const signature = await validateOnnx(await buffer(await this.deps.artifacts.open(sha256)));
    return this.record(sha256, size, signature, actor);
  }

  /** A validated artifact; 404 when none was uploaded with this hash. */
  async get(sha256: string): Promise<ModelArtifact> {
    const found = await this.find(sha256);
    if (!found) {
      throw new NotFoundError(`artifact: no validated ONNX file with sha256 ${sha256}; upload it first (POST /api/v1/models/artifacts)`, {
        field: 'artifact',
        artifact: sha256
      });
    }
    return found;
  }

  async find(sha256: string): Promise<ModelArtifact | null> {
    if (!SHA256_PATTERN.test(sha256)) return null;
    const stored = await this.records.get(sha256);
    return stored ? toModelArtifact(stored) : null;
  }

  open(sha256: string): Promise<Readable> {
    return this.deps.artifacts.open(sha256);
  }

  private async record(sha256: string, size: number, signature: Signature, actor: string): Promise<ModelArtifact> {
    try {
      return toModelArtifact(
        await this.records.insert({
          _id: sha256,
          size,
          format: 'onnx',
          signature,
          createdAt: this.deps.now().toISOString(),
          createdBy: actor
        })
      );
    } catch (err) {
      // The same bytes were validated before (or just now, concurrently): same content, same signature.
      if (err instanceof DuplicateKeyError) return this.get(sha256);
      throw err;
    }
  }

  private tooLarge(): PayloadTooLargeError {
    return new PayloadTooLargeError(`the model file is larger than the limit of ${this.deps.maxBytes} bytes (MLPORTAL_MODEL_MAX_BYTES)`, {
      limit: this.deps.maxBytes
    });
  }
}

function toModelArtifact(stored: Stored<ArtifactDocument>): ModelArtifact {
  return { sha256: stored._id, size: stored.size, format: stored.format, signature: stored.signature };
}
