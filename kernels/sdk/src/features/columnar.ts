import type { Column, ScalarValue, TrainingSetValue } from './types';

/**
 * Typed columns from the backend's JSON columns: timestamps become Dates (they travel as ISO
 * strings); other types are already what JSON gives.
 */
export function typedColumns(columns: Column[], data: Record<string, ScalarValue[]>): Record<string, TrainingSetValue[]> {
  const typed: Record<string, TrainingSetValue[]> = {};
  for (const column of columns) {
    const values = data[column.name] ?? [];
    typed[column.name] = column.type === 'timestamp' ? values.map(toDate) : values;
  }
  return typed;
}

function toDate(value: ScalarValue): Date | null {
  return typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
}

/** One object per row, from columns in row order. */
export function rowsOf<T>(columns: Column[], data: Record<string, T[]>, rowCount: number): Array<Record<string, T>> {
  const rows: Array<Record<string, T>> = new Array(rowCount);
  for (let index = 0; index < rowCount; index++) {
    const row: Record<string, T> = {};
    for (const column of columns) row[column.name] = data[column.name][index];
    rows[index] = row;
  }
  return rows;
}

/** A Date in a row the SDK sends becomes ISO-8601, the form the backend reads. */
export function jsonRows(rows: ReadonlyArray<Record<string, unknown>>): Array<Record<string, ScalarValue>> {
  return rows.map((row) => {
    let copy: Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(row)) {
      if (value instanceof Date) {
        copy ??= { ...row };
        copy[key] = value.toISOString();
      }
    }
    return (copy ?? row) as Record<string, ScalarValue>;
  });
}
