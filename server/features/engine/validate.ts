/**
 * validateAndWrite: one scan counts rows, the event-time range and the problems; only when there
 * are problems a second scan lists the first of them in input order; only when there are none a
 * COPY writes the Parquet. Nothing is written when any problem exists.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isoTimestampSql } from './column-types';
import type { Engine } from './engine';
import { messageOf } from './error-text';
import { CSV_REJECTS, openInput, ROW, type InputReader } from './inputs';
import { toSafeNumber } from './json-values';
import { filePath, ident } from './names';
import { cutValue, MAX_LISTED_PROBLEMS, missingColumn, unexpectedColumn, valueProblem } from './problems';
import { schemaColumns, type SchemaColumn } from './schema';
import { execute, Params, queryRows } from './sql';
import type { InputFormat, RowProblem, TableSchema } from './types';
import { castSql, problemSql, type ProblemKind } from './value-checks';

export interface ValidateArgs {
  input: string;
  format: InputFormat;
  schema: TableSchema;
  output: string;
}

export interface ValidationResult {
  rows: number;
  minEventTime: string | null;
  maxEventTime: string | null;
  /** The first 100 problems: column problems (row 0) first, then rows in input order. */
  problems: RowProblem[];
  problemCount: number;
}

export async function validateAndWrite(engine: Engine, args: ValidateArgs): Promise<ValidationResult> {
  const columns = schemaColumns(args.schema);
  const input = filePath(args.input, 'input');
  const output = filePath(args.output, 'output');
  return engine.withConnection(async (connection) => {
    try {
      return await validate(connection, await openInput(connection, input, args.format), columns, output);
    } catch (err) {
      const malformed = malformedJson(err);
      if (args.format === 'ndjson' && malformed)
        return { rows: 0, minEventTime: null, maxEventTime: null, problems: [malformed], problemCount: 1 };
      throw err;
    }
  });
}

async function validate(
  connection: DuckDBConnection,
  reader: InputReader,
  columns: SchemaColumn[],
  output: string
): Promise<ValidationResult> {
  const present = new Set(reader.columns);
  const expected = new Set(columns.map((c) => c.name));
  // An NDJSON file without a single key says nothing about columns; its rows are checked one by one.
  const columnsKnown = !(reader.format === 'ndjson' && reader.columns.length === 0);
  const columnProblems = [
    ...columns.filter((c) => columnsKnown && !present.has(c.name)).map(missingColumn),
    ...reader.columns.filter((name) => !expected.has(name)).map(unexpectedColumn)
  ];
  const checked = columns.filter((c) => !columnsKnown || present.has(c.name));

  const scan = await scanAll(connection, reader, checked);
  const rejects =
    reader.format === 'csv' ? await csvRejects(connection, MAX_LISTED_PROBLEMS - columnProblems.length) : { count: 0, listed: [] };
  let rowProblems: RowProblem[] = [];
  let rowProblemCount = scan.problems;
  if (rejects.count > 0) {
    // Rows that do not fit the header were skipped by the scan, so its row numbers no longer match
    // the file: report the broken rows alone.
    rowProblems = rejects.listed;
    rowProblemCount = rejects.count;
  } else if (scan.problems > 0) {
    rowProblems = await listProblems(connection, reader, checked, MAX_LISTED_PROBLEMS - columnProblems.length);
  }
  const problemCount = columnProblems.length + rowProblemCount;
  if (problemCount === 0) await writeParquet(connection, reader, columns, output);
  return {
    rows: scan.rows,
    minEventTime: scan.minEventTime,
    maxEventTime: scan.maxEventTime,
    problems: [...columnProblems, ...rowProblems].slice(0, MAX_LISTED_PROBLEMS),
    problemCount
  };
}

/** SQL counting the problems of one row. */
function rowProblemCountSql(reader: InputReader, checked: SchemaColumn[]): string {
  const perColumn = checked.map((c) => `(${problemSql(c, reader.raw(c.name))} IS NOT NULL)::INTEGER`);
  const sum = perColumn.length > 0 ? perColumn.join(' + ') : '0';
  return reader.notObject ? `(CASE WHEN ${reader.notObject.condition} THEN 1 ELSE ${sum} END)` : `(${sum})`;
}

async function scanAll(connection: DuckDBConnection, reader: InputReader, checked: SchemaColumn[]) {
  const params = new Params();
  const event = checked.find((c) => c.role === 'event');
  const eventValue = event ? castSql('timestamp', reader.raw(event.name)) : 'CAST(NULL AS TIMESTAMP)';
  const sql = `SELECT count(*) AS row_count,
      ${isoTimestampSql(`min(${eventValue})`)} AS min_event,
      ${isoTimestampSql(`max(${eventValue})`)} AS max_event,
      coalesce(sum(${rowProblemCountSql(reader, checked)}), 0) AS problems
    FROM ${reader.relation(params, { numbered: false, collectRejects: true })}`;
  const [row] = await queryRows(connection, sql, params);
  return {
    rows: toSafeNumber(row.row_count, 'row count'),
    minEventTime: row.min_event === null ? null : String(row.min_event),
    maxEventTime: row.max_event === null ? null : String(row.max_event),
    problems: toSafeNumber(row.problems, 'problem count')
  };
}

async function listProblems(
  connection: DuckDBConnection,
  reader: InputReader,
  checked: SchemaColumn[],
  limit: number
): Promise<RowProblem[]> {
  if (limit <= 0) return [];
  const params = new Params();
  const entries = checked.map(
    (c, i) =>
      `{'pos': ${i + 1}, 'kind': ${problemSql(c, reader.raw(c.name))}, 'value': left(CAST(${reader.raw(c.name).sql} AS VARCHAR), 81)}`
  );
  let list = entries.length > 0 ? `list_filter([${entries.join(', ')}], p -> p.kind IS NOT NULL)` : `[]`;
  if (reader.notObject) {
    list = `(CASE WHEN ${reader.notObject.condition} THEN [{'pos': 0, 'kind': 'not_object', 'value': left(${reader.notObject.record}, 81)}] ELSE ${list} END)`;
  }
  const sql = `SELECT row_no, problem.pos AS pos, problem.kind AS kind, problem.value AS value FROM (
      SELECT ${ROW} AS row_no, unnest(${list}) AS problem
      FROM ${reader.relation(params, { numbered: true })}
      WHERE ${rowProblemCountSql(reader, checked)} > 0)
    ORDER BY row_no, pos
    LIMIT ${params.add(limit)}`;
  const rows = await queryRows(connection, sql, params);
  return rows.map((row) => {
    const pos = Number(row.pos);
    return valueProblem(
      toSafeNumber(row.row_no, 'row number'),
      pos > 0 ? checked[pos - 1] : undefined,
      String(row.kind) as ProblemKind,
      row.value === null ? null : String(row.value)
    );
  });
}

async function csvRejects(connection: DuckDBConnection, limit: number): Promise<{ count: number; listed: RowProblem[] }> {
  // A short row gets one reject per missing field; the first of them describes the row.
  const [{ n }] = await queryRows(connection, `SELECT count(DISTINCT line) AS n FROM ${CSV_REJECTS.errors}`);
  const count = toSafeNumber(n, 'rejected rows');
  if (count === 0 || limit <= 0) return { count, listed: [] };
  const params = new Params();
  const rows = await queryRows(
    connection,
    `SELECT line, arg_min(error_message, column_idx) AS message, arg_min(csv_line, column_idx) AS text
      FROM ${CSV_REJECTS.errors} GROUP BY line ORDER BY line LIMIT ${params.add(limit)}`,
    params
  );
  return {
    count,
    listed: rows.map((row) => ({
      // The rejects table counts the header as line 1; rows are numbered from the first data row.
      row: toSafeNumber(row.line, 'line') - 1,
      reason: `the CSV row could not be read (${String(row.message)}): ${JSON.stringify(cutValue(String(row.text ?? '')))}`
    }))
  };
}

async function writeParquet(connection: DuckDBConnection, reader: InputReader, columns: SchemaColumn[], output: string): Promise<void> {
  const params = new Params();
  const select = columns.map((c) => `${castSql(c.type, reader.raw(c.name))} AS ${ident(c.name)}`).join(', ');
  const source = reader.relation(params, { numbered: false });
  await execute(connection, `COPY (SELECT ${select} FROM ${source}) TO ${params.add(output)} (FORMAT parquet)`, params);
}

const MALFORMED_JSON = /Malformed JSON in file .*? in line (\d+): ([^\n]*)/;

function malformedJson(err: unknown): RowProblem | null {
  const match = MALFORMED_JSON.exec(messageOf(err) ?? '');
  // DuckDB 1.5 reports the line after the broken one (checked by the tests), whatever the file size.
  return match ? { row: Math.max(1, Number(match[1]) - 1), reason: `malformed JSON: ${match[2].trim()}` } : null;
}
