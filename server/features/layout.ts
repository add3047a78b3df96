/**
 * Where the feature store keeps files, under <dataDir>/features:
 *   offline/<group>/v<version>/<ingestion-id>.parquet   committed ingestions (visible only with their record)
 *   staging/<start id>-<uuid>.parquet                     ingestions being validated and written
 *   uploads/<start id>-<uuid>.upload                      request bodies being received
 *   scratch/<start id>-<uuid>.<ext>                       transform results, exports, previews
 *   entity-files/<id>.<format>                            uploaded entity files for training sets
 * Only names made here (checked names, generated ids) ever reach a path.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempName } from '../platform/data-dir/temp-files';
import { NAME_PATTERN } from '@mlportal/contract';

const ID_PATTERN = /^[a-z]{2,4}_[0-9a-f]{32}$/;

export class FeatureLayout {
  readonly root: string;
  readonly offlineDir: string;
  readonly stagingDir: string;
  readonly uploadsDir: string;
  readonly scratchDir: string;
  readonly entityFilesDir: string;

  /** `startId`: of the data-dir lock (platform/data-dir); temp files carry it, so recovery knows which are leftovers. */
  constructor(
    dataDir: string,
    readonly startId: string
  ) {
    this.root = path.resolve(dataDir, 'features');
    this.offlineDir = path.join(this.root, 'offline');
    this.stagingDir = path.join(this.root, 'staging');
    this.uploadsDir = path.join(this.root, 'uploads');
    this.scratchDir = path.join(this.root, 'scratch');
    this.entityFilesDir = path.join(this.root, 'entity-files');
  }

  async create(): Promise<void> {
    for (const dir of [this.offlineDir, this.stagingDir, this.uploadsDir, this.scratchDir, this.entityFilesDir]) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    }
  }

  versionDir(group: string, version: number): string {
    assertName(group);
    assertVersion(version);
    return path.join(this.offlineDir, group, `v${version}`);
  }

  /** The path of a committed ingestion, relative to the offline folder (as ingestion records keep it). */
  ingestionFile(group: string, version: number, ingestionId: string): string {
    assertId(ingestionId);
    return path.relative(this.offlineDir, path.join(this.versionDir(group, version), `${ingestionId}.parquet`));
  }

  offlinePath(relative: string): string {
    const resolved = path.resolve(this.offlineDir, relative);
    if (!resolved.startsWith(this.offlineDir + path.sep)) throw new Error(`an offline file path left the offline store: ${relative}`);
    return resolved;
  }

  staging(): string {
    return path.join(this.stagingDir, tempName(this.startId, '.parquet'));
  }

  upload(): string {
    return path.join(this.uploadsDir, tempName(this.startId, '.upload'));
  }

  scratch(extension: string): string {
    return path.join(this.scratchDir, tempName(this.startId, `.${extension}`));
  }

  entityFile(id: string, format: string): string {
    assertId(id);
    return path.join(this.entityFilesDir, `${id}.${format}`);
  }
}

export function newId(prefix: 'ing' | 'ts' | 'ef'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

export function isId(value: string, prefix: string): boolean {
  return value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);
}

function assertName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`not a valid group name for a path: ${JSON.stringify(name)}`);
}

function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) throw new Error(`not a valid version: ${version}`);
}

function assertId(id: string): void {
  if (!ID_PATTERN.test(id)) throw new Error(`not a valid id for a path: ${JSON.stringify(id)}`);
}

/** Removes a file, ignoring one that is already gone. */
export async function removeFile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

/** Makes a file's bytes and a rename into `dir` durable. */
export async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const syncDirectory = syncFile;
