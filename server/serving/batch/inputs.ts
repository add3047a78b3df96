/**
 * Files uploaded to be scored: streamed to a temporary file (never held in memory; the upload limit applies), read
 * once with DuckDB to learn its columns and rows (a file DuckDB cannot read is refused, nothing kept), then kept in
 * the artifact store by content and recorded, so a job anywhere can download it.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { requireMayRead, type Reader } from '../../auth/rows';
import { receiveUpload } from '../../api/upload';
import type { ArtifactStore } from '../../platform/artifacts/port';
import { BadRequestError, NotFoundError } from '../../platform/errors';
import type { Collection, DocumentStore } from '../../platform/store/port';
import { describeTable, readProblem, type TableFormat, type TableShape } from './read-table';

export interface BatchInputDocument {
  format: TableFormat;
  sha256: string;
  bytes: number;
  rows: number;
  columns: TableShape['columns'];
  createdAt: string;
  createdBy: string;
}

export interface BatchInput {
  inputId: string;
  format: TableFormat;
  bytes: number;
  rows: number;
  columns: string[];
  createdAt: string;
}

const ID_PATTERN = /^bi_[0-9a-f]{32}$/;

export class BatchInputs {
  private readonly inputs: Collection<BatchInputDocument>;
  private readonly uploadDir: string;

  constructor(
    store: DocumentStore,
    private readonly artifacts: ArtifactStore,
    dataDir: string,
    private readonly maxBytes: number
  ) {
    this.inputs = store.collection<BatchInputDocument>('serving_batch_inputs');
    this.uploadDir = path.join(dataDir, 'serving', 'uploads');
  }

  /**
   * At start, before the first upload: whatever is in the folder was left by an earlier start that
   * crashed mid-upload; the data-dir lock (platform/data-dir) proves no other backend writes here.
   */
  async prepare(): Promise<void> {
    await fs.rm(this.uploadDir, { recursive: true, force: true });
    await fs.mkdir(this.uploadDir, { recursive: true, mode: 0o700 });
  }

  async upload(body: Readable, format: TableFormat, createdBy: string): Promise<BatchInput> {
    const file = path.join(this.uploadDir, `${randomUUID()}.${format}`);
    try {
      const bytes = await receiveUpload(body, file, this.maxBytes);
      const shape = await inspect(file, format);
      if (shape.columns.length === 0) throw new BadRequestError(`the ${format} file has no columns`, undefined, 'unreadable_input');
      const info = await this.artifacts.put(createReadStream(file));
      const stored = await this.inputs.insert({
        _id: `bi_${randomUUID().replace(/-/g, '')}`,
        format,
        sha256: info.sha256,
        bytes,
        rows: shape.rows,
        columns: shape.columns,
        createdAt: new Date().toISOString(),
        createdBy
      });
      return toBatchInput(stored._id, stored);
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  async get(inputId: string): Promise<BatchInput & { sha256: string }> {
    const stored = ID_PATTERN.test(inputId) ? await this.inputs.get(inputId) : null;
    if (!stored) throw new NotFoundError(`no uploaded batch-scoring input with id ${inputId}`, { inputId });
    return { ...toBatchInput(stored._id, stored), sha256: stored.sha256 };
  }

  /** The file for `reader`: it holds rows (auth/rows.ts). */
  async open(inputId: string, reader: Reader): Promise<{ stream: Readable; input: BatchInput }> {
    const found = await this.get(inputId);
    requireMayRead(reader, { rows: true }, `uploaded batch-scoring input ${inputId}`);
    return { stream: await this.artifacts.open(found.sha256), input: found };
  }
}

function toBatchInput(id: string, doc: BatchInputDocument): BatchInput {
  return {
    inputId: id,
    format: doc.format,
    bytes: doc.bytes,
    rows: doc.rows,
    columns: doc.columns.map((c) => c.name),
    createdAt: doc.createdAt
  };
}

async function inspect(file: string, format: TableFormat): Promise<TableShape> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await describeTable(connection, file, format);
  } catch (err) {
    throw new BadRequestError(
      `the file could not be read as ${format === 'csv' ? 'CSV (comma-separated, a header row)' : 'Parquet'}: ${readProblem(err, file)}`,
      undefined,
      'unreadable_input'
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
