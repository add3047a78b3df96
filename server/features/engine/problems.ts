/** Problems in words: each names the column, the value (cut to 80 characters) and the expected type. */
import type { SchemaColumn } from './schema';
import type { RowProblem } from './types';
import type { ProblemKind } from './value-checks';

export const MAX_LISTED_PROBLEMS = 100;
const MAX_VALUE_CHARS = 80;

export function cutValue(value: string): string {
  const chars = [...value];
  return chars.length > MAX_VALUE_CHARS ? `${chars.slice(0, MAX_VALUE_CHARS).join('')}…` : value;
}

export function valueProblem(row: number, column: SchemaColumn | undefined, kind: ProblemKind, value: string | null): RowProblem {
  const shown = JSON.stringify(cutValue(value ?? ''));
  if (kind === 'not_object' || !column) return { row, reason: `the line is not a JSON object: ${shown}` };
  const name = `column "${column.name}"`;
  switch (kind) {
    case 'null_key':
      return { row, column: column.name, reason: `${name} is a join key (${column.type}) and may not be null` };
    case 'null_event_time':
      return { row, column: column.name, reason: `${name} is the event time (timestamp) and may not be null` };
    case 'nested':
      return { row, column: column.name, reason: `${name}: ${shown} is a JSON object or array, not a ${column.type}` };
    case 'unsafe_integer':
      return {
        row,
        column: column.name,
        reason: `${name}: ${shown} is an int64 beyond ±9007199254740991, the largest a JSON number carries exactly`
      };
    case 'not_finite':
      return { row, column: column.name, reason: `${name}: ${shown} is not a finite float64` };
    case 'invalid':
      return { row, column: column.name, reason: `${name}: ${shown} is not a valid ${expectation(column)}` };
  }
}

function expectation(column: SchemaColumn): string {
  switch (column.type) {
    case 'int64':
      return 'int64 (a whole number)';
    case 'float64':
      return 'float64';
    case 'bool':
      return 'bool (true/false)';
    case 'timestamp':
      return 'timestamp (ISO-8601, e.g. 2001-01-31T08:00:00Z)';
    case 'string':
      return 'string';
  }
}

export function missingColumn(column: SchemaColumn): RowProblem {
  return { row: 0, column: column.name, reason: `missing column "${column.name}" (${column.type}, ${roleWords(column)})` };
}

export function unexpectedColumn(name: string): RowProblem {
  return { row: 0, column: name, reason: `unexpected column "${name}": the schema has no such column` };
}

function roleWords(column: SchemaColumn): string {
  return column.role === 'key' ? 'a join key' : column.role === 'event' ? 'the event time' : 'a feature';
}
