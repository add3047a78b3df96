/**
 * The work of a batch-scoring job, in the job's own process: fetch the version (signature and ONNX file) and the rows
 * from the backend over HTTP with the job's token, load the rows into DuckDB, score them with onnxruntime-node in
 * batches, and write the rows with one column per model output to predictions.parquet or predictions.csv in the
 * job's output folder (which becomes its run's artifacts).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBInstance,
  FLOAT,
  INTEGER,
  LIST,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue
} from '@duckdb/node-api';
import * as ort from 'onnxruntime-node';
import type { Signature } from '@mlportal/contract';
import { readFeatureNames } from '../engine/feature-names';
import { missingColumns, planInputs, type InputPlan } from './model-columns';
import { tableScan, type TableFormat } from './read-table';

export interface ScoringArgs {
  model: string;
  version: number;
  format: TableFormat;
  source: { trainingSet: string } | { input: string };
  batchSize: number;
}

export interface ScoringEnv {
  url: string;
  token: string;
  outputDir: string;
}

const DEFAULT_BATCH_SIZE = 1024;
const ROW = '__mlp_row';

export function parseScoringArgs(argv: string[]): ScoringArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    if (!flag.startsWith('--') || argv[i + 1] === undefined)
      throw new Error(`expected --flag value pairs, got ${JSON.stringify(argv.slice(i).join(' '))}`);
    values.set(flag.slice(2), argv[i + 1]);
  }
  const need = (name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`--${name} is required`);
    return value;
  };
  const format = need('format');
  if (format !== 'parquet' && format !== 'csv') throw new Error(`--format must be parquet or csv, not ${format}`);
  const version = Number(need('version'));
  if (!Number.isInteger(version) || version < 1) throw new Error(`--version must be a version number, not ${values.get('version')}`);
  const trainingSet = values.get('training-set');
  const input = values.get('input');
  if ((trainingSet === undefined) === (input === undefined)) throw new Error('name exactly one of --training-set and --input');
  const batchSize = Number(values.get('batch-size') ?? DEFAULT_BATCH_SIZE);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch-size must be a whole number of rows');
  return { model: need('model'), version, format, source: trainingSet !== undefined ? { trainingSet } : { input: input! }, batchSize };
}

export function scoringEnv(env: NodeJS.ProcessEnv): ScoringEnv {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: batch scoring runs as an mlportal job, which sets it`);
    return value;
  };
  return { url: need('MLPORTAL_URL').replace(/\/+$/, ''), token: need('MLPORTAL_TOKEN'), outputDir: need('MLPORTAL_OUTPUT_DIR') };
}

class Backend {
  constructor(private readonly env: ScoringEnv) {}

  private async get(pathname: string): Promise<Response> {
    const response = await fetch(`${this.env.url}${pathname}`, { headers: { Authorization: `Bearer ${this.env.token}` } }).catch(
      (err: unknown) => {
        const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
        throw new Error(`could not reach the mlportal backend at ${this.env.url}: ${cause}`);
      }
    );
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        // not the backend's JSON error form: the text as it came
      }
      throw new Error(`GET ${pathname} answered ${response.status}: ${message}`);
    }
    return response;
  }

  async json<T>(pathname: string): Promise<T> {
    return (await (await this.get(pathname)).json()) as T;
  }

  async bytes(pathname: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.get(pathname)).arrayBuffer());
  }

  /** Answers the Content-Type the file came with. */
  async download(pathname: string, file: string): Promise<string> {
    const response = await this.get(pathname);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
    return response.headers.get('content-type') ?? '';
  }
}

const SQL_TYPES: Record<string, string> = {
  float32: 'FLOAT',
  float64: 'DOUBLE',
  int32: 'INTEGER',
  int64: 'BIGINT',
  bool: 'BOOLEAN',
  string: 'VARCHAR'
};
const DUCK_TYPES: Record<string, DuckDBType> = {
  float32: FLOAT,
  float64: DOUBLE,
  int32: INTEGER,
  int64: BIGINT,
  bool: BOOLEAN,
  string: VARCHAR
};

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Scores the rows; answers how many and the file written. */
export async function score(args: ScoringArgs, env: ScoringEnv, log: (line: string) => void): Promise<{ rows: number; file: string }> {
  const backend = new Backend(env);
  const what = `model ${args.model} version ${args.version}`;
  const versionPath = `/api/v1/models/${encodeURIComponent(args.model)}/versions/${args.version}`;
  const version = await backend.json<{ artifact: { signature: Signature } }>(versionPath);
  const modelBytes = await backend.bytes(`${versionPath}/artifact`);
  const plan = planInputs(version.artifact.signature, readFeatureNames(modelBytes), what);

  const work = mkdtempSync(path.join(os.tmpdir(), 'mlportal-scoring-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', temp_directory: path.join(work, 'spill') });
  const connection = await instance.connect();
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(modelBytes, {
      intraOpNumThreads: Math.min(4, os.availableParallelism()),
      interOpNumThreads: 1
    });
    const model = session;
    const rowsFile = path.join(work, 'rows');
    const rowsPath =
      'trainingSet' in args.source
        ? `/api/v1/features/training-sets/${encodeURIComponent(args.source.trainingSet)}/data?format=parquet`
        : `/api/v1/batch-scoring/inputs/${encodeURIComponent(args.source.input)}/data`;
    const rowsFormat: TableFormat = (await backend.download(rowsPath, rowsFile)).startsWith('text/csv') ? 'csv' : 'parquet';
    await connection.run(`CREATE TABLE input AS SELECT * FROM ${tableScan(rowsFormat)}`, [rowsFile]);
    const columns = (await connection.runAndReadAll('DESCRIBE input')).getRowObjects().map((row) => String(row.column_name));
    const missing = missingColumns(plan, columns);
    if (missing.length > 0)
      throw new Error(`the rows lack the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that ${what} needs`);

    const outputs = model.outputMetadata.filter((m) => m.isTensor).map((m) => m.name);
    const outputColumns = outputs.map((name) => (columns.includes(name) ? `${name}_predicted` : name));
    const writer = new PredictionWriter(connection, outputs, outputColumns);
    const total = Number((await connection.runAndReadAll('SELECT count(*) AS n FROM input')).getRowObjects()[0].n);
    log(`scoring ${total} rows with ${what} in batches of ${args.batchSize}`);
    const featureSql = plan.flatMap((p) => p.columns.map((c) => `CAST(${quoted(c)} AS ${SQL_TYPES[p.elementType]})`));
    const result = await connection.stream(`SELECT rowid AS ${ROW}, ${featureSql.join(', ')} FROM input ORDER BY rowid`);
    let scored = 0;
    let pending: DuckDBValue[][] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const fetched = await model.run(feedsFor(plan, batch), outputs);
      await writer.append(
        batch.map((row) => row[0] as bigint),
        fetched
      );
      scored += batch.length;
      if (scored === total || Math.floor(scored / (args.batchSize * 10)) !== Math.floor((scored - batch.length) / (args.batchSize * 10))) {
        log(`scored ${scored} of ${total} rows`);
      }
    };
    for await (const rows of result.yieldRows()) {
      for (const row of rows) {
        pending.push(row);
        if (pending.length >= args.batchSize) await flush();
      }
    }
    await flush();
    await writer.close(outputs.map((name) => version.artifact.signature.outputs.find((o) => o.name === name)?.elementType ?? 'float32'));

    const file = path.join(env.outputDir, `predictions.${args.format}`);
    const options = args.format === 'parquet' ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)';
    const picked = outputColumns.map((c) => `p.${quoted(c)}`).join(', ');
    await connection.run(
      `COPY (SELECT i.*${picked ? `, ${picked}` : ''} FROM input i JOIN ${PredictionWriter.table} p ON p.${ROW} = i.rowid ORDER BY i.rowid) TO $1 ${options}`,
      [file]
    );
    log(`wrote ${path.basename(file)}: ${scored} rows, the input columns and ${outputColumns.join(', ')}`);
    return { rows: scored, file };
  } finally {
    await session?.release();
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
}

/** One batch of rows (ROW first, then every plan column in order) as the model's feeds. */
function feedsFor(plan: InputPlan[], rows: DuckDBValue[][]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  let offset = 1;
  for (const input of plan) {
    const width = input.columns.length;
    const values: DuckDBValue[] = [];
    rows.forEach((row, r) => {
      for (let c = 0; c < width; c++) {
        const value = row[offset + c];
        if (value === null || value === undefined) {
          throw new Error(`row ${Number(row[0]) + 1}: ${input.columns[c]} is empty, and the model needs a value (row ${r} of its batch)`);
        }
        values.push(value);
      }
    });
    offset += width;
    const dims = input.layout === 'matrix' ? [rows.length, width] : input.layout === 'column' ? [rows.length, 1] : [rows.length];
    feeds[input.input] = new ort.Tensor(input.elementType as 'float32', typedData(input.elementType, values) as Float32Array, dims);
  }
  return feeds;
}

function typedData(type: string, values: DuckDBValue[]): unknown {
  switch (type) {
    case 'float32':
      return Float32Array.from(values as number[]);
    case 'float64':
      return Float64Array.from(values as number[]);
    case 'int32':
      return Int32Array.from(values as number[]);
    case 'int64':
      return BigInt64Array.from(values as bigint[]);
    case 'bool':
      return Uint8Array.from((values as boolean[]).map((v) => (v ? 1 : 0)));
    default:
      return values.map(String);
  }
}

/** Collects the outputs by row number in a DuckDB table, created with the outputs' types on the first batch. */
class PredictionWriter {
  static readonly table = 'mlp_predictions';
  private appender: DuckDBAppender | undefined;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly outputs: string[],
    private readonly columns: string[]
  ) {}

  async append(rowIds: bigint[], fetched: ort.InferenceSession.OnnxValueMapType): Promise<void> {
    const tensors = this.outputs.map((name) => fetched[name] as ort.Tensor);
    const widths = tensors.map((t) => t.dims.slice(1).reduce((a, b) => a * b, 1));
    if (!this.appender) {
      await this.create(tensors.map((t, i) => ({ type: t.type, list: widths[i] !== 1 })));
      this.appender = await this.connection.createAppender(PredictionWriter.table);
    }
    const appender = this.appender;
    rowIds.forEach((rowId, r) => {
      appender.appendBigInt(rowId);
      tensors.forEach((tensor, i) => {
        const width = widths[i];
        const data = tensor.data as ArrayLike<number | bigint | boolean | string>;
        const cells = Array.from({ length: width }, (_, k) => cell(tensor.type, data[r * width + k]));
        if (width === 1) appendScalar(appender, tensor.type, cells[0]);
        else appender.appendList(cells as DuckDBValue[], LIST(DUCK_TYPES[tensor.type] ?? DOUBLE));
      });
      appender.endRow();
    });
  }

  /** Ends the writes; with no rows at all, the table is still made (from the signature's types) so the file has its columns. */
  async close(signatureTypes: string[]): Promise<void> {
    if (!this.appender) await this.create(signatureTypes.map((type) => ({ type, list: false })));
    this.appender?.flushSync();
    this.appender?.closeSync();
  }

  private async create(types: Array<{ type: string; list: boolean }>): Promise<void> {
    const columns = types.map(({ type, list }, i) => `${quoted(this.columns[i])} ${SQL_TYPES[type] ?? 'DOUBLE'}${list ? '[]' : ''}`);
    await this.connection.run(`CREATE TABLE ${PredictionWriter.table} (${ROW} BIGINT, ${columns.join(', ')})`);
  }
}

function cell(type: string, value: number | bigint | boolean | string): DuckDBValue {
  if (type === 'bool') return Boolean(value);
  if (type === 'int64') return BigInt(value as bigint);
  if (type === 'string') return String(value);
  return value as number;
}

function appendScalar(appender: DuckDBAppender, type: string, value: DuckDBValue): void {
  switch (type) {
    case 'float32':
      return appender.appendFloat(value as number);
    case 'int32':
      return appender.appendInteger(value as number);
    case 'int64':
      return appender.appendBigInt(value as bigint);
    case 'bool':
      return appender.appendBoolean(value as boolean);
    case 'string':
      return appender.appendVarchar(value as string);
    default:
      return appender.appendDouble(Number(value));
  }
}
