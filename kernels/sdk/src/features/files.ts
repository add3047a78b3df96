/**
 * The Node-only half of the feature API: files streamed from and to disk, never held whole in
 * memory (a 3M-row Parquet file goes up as it is read).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EntityFileSchema, IngestionSchema } from '@mlportal/contract';
import type { z } from 'zod';
import { segment } from '../client-bound';
import { MlportalError } from '../errors';
import { FeaturesApi, FEATURES_PATH } from './api';
import type { DownloadFormat, Ingestion, InputFormat } from './types';

/** Uploads and downloads take as long as the file does; the client's 30 s suits JSON calls only. */
const FILE_TIMEOUT_MS = 60 * 60 * 1000;

const MEDIA_TYPES: Record<InputFormat, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson'
};

const FORMAT_BY_EXTENSION: Record<string, InputFormat> = {
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson'
};

export interface FileOptions {
  /** The file's format; by default told from its extension (.parquet, .csv, .ndjson, .jsonl). */
  format?: InputFormat;
  /** Time limit for the whole transfer (default one hour). */
  timeoutMs?: number;
}

export interface DownloadOptions {
  /** Default parquet. */
  format?: DownloadFormat;
  timeoutMs?: number;
}

export interface DownloadedFile {
  path: string;
  format: DownloadFormat;
  bytes: number;
}

/** client.features plus files: what notebooks and jobs get from `@mlportal/sdk`. */
export class NodeFeaturesApi extends FeaturesApi {
  /** Ingests a Parquet, CSV or NDJSON file into the group's current version, streaming it. */
  async ingestFile(group: string, file: string, options: FileOptions = {}): Promise<Ingestion> {
    return this.uploadFile(IngestionSchema, `/groups/${segment(group)}/ingest/file`, file, options);
  }

  /** Uploads entity rows (with their timestamps) for a training set too large to send inline; answers the entity file id. */
  async uploadEntities(file: string, options: FileOptions = {}): Promise<string> {
    return (await this.uploadFile(EntityFileSchema, '/entity-files', file, options)).id;
  }

  /** Writes a training set's rows to a file (Parquet, CSV or JSON); the file appears only once complete. */
  async downloadTrainingSet(id: string, file: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
    const format = options.format ?? 'parquet';
    const download = await this.client().download(`${FEATURES_PATH}/training-sets/${segment(id)}/data`, {
      query: { format },
      timeoutMs: options.timeoutMs ?? FILE_TIMEOUT_MS
    });
    return { path: file, format, bytes: await writeFileWhenComplete(download.chunks, file) };
  }

  private async uploadFile<S extends z.ZodType>(schema: S, route: string, file: string, options: FileOptions): Promise<z.output<S>> {
    const format = options.format ?? formatOf(file);
    await requireFile(file);
    return this.call(schema, `${FEATURES_PATH}${route}`, {
      method: 'POST',
      query: { format },
      upload: { body: Readable.toWeb(createReadStream(file)), contentType: MEDIA_TYPES[format] },
      timeoutMs: options.timeoutMs ?? FILE_TIMEOUT_MS
    });
  }
}

function formatOf(file: string): InputFormat {
  const format = FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!format) {
    throw new MlportalError(`cannot tell the format of ${file} from its extension: pass { format: 'parquet' | 'csv' | 'ndjson' }`);
  }
  return format;
}

/** Writes the chunks to `file`, which appears only once complete (no partial file is left behind); answers its size. */
export async function writeFileWhenComplete(chunks: AsyncIterable<Uint8Array>, file: string): Promise<number> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return (await stat(file)).size;
}

/** Throws naming the file when it is missing or not a regular file (also used by the runs and models uploads). */
export async function requireFile(file: string): Promise<void> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new MlportalError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!info.isFile()) throw new MlportalError(`${file} is not a file`);
}
