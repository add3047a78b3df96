import { OnnxExportError } from './errors';

/**
 * Shape and value checks for what exporters read out of trained models. Every failure names the
 * model and the part that was wrong, so a notebook user sees "logistic regression: classifier 2 has
 * 3 weights, expected 4" rather than a runtime error deep inside onnxruntime.
 */

export function finiteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new OnnxExportError(`${what} must be a finite number; got ${describe(value)}`);
  }
  return value;
}

export function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new OnnxExportError(`${what} must be a whole number ≥ 1; got ${describe(value)}`);
  }
  return value;
}

/** A vector of finite numbers of the given length (any length when omitted). */
export function finiteVector(value: unknown, what: string, length?: number): number[] {
  const array = asNumberArray(value);
  if (!array) throw new OnnxExportError(`${what} must be an array of numbers; got ${describe(value)}`);
  if (length !== undefined && array.length !== length) {
    throw new OnnxExportError(`${what} has ${array.length} values, expected ${length}`);
  }
  array.forEach((v, i) => finiteNumber(v, `${what}[${i}]`));
  return array;
}

/** A rows × columns matrix of finite numbers, from number[][] or an ml-matrix Matrix. */
export function finiteMatrix(value: unknown, what: string, rows?: number, columns?: number): number[][] {
  const matrix = isMatrixLike(value) ? value.to2DArray() : value;
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new OnnxExportError(`${what} must be a non-empty matrix (number[][] or an ml-matrix Matrix); got ${describe(value)}`);
  }
  if (rows !== undefined && matrix.length !== rows) throw new OnnxExportError(`${what} has ${matrix.length} rows, expected ${rows}`);
  const width = columns ?? (Array.isArray(matrix[0]) ? matrix[0].length : 0);
  return matrix.map((row, i) => finiteVector(row, `${what} row ${i}`, width));
}

export interface MatrixLike {
  to2DArray(): number[][];
}

export function isMatrixLike(value: unknown): value is MatrixLike {
  return typeof value === 'object' && value !== null && typeof (value as MatrixLike).to2DArray === 'function';
}

function asNumberArray(value: unknown): number[] | null {
  if (Array.isArray(value)) return value as number[];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return null;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 8).join(', ') || '(none)'}`;
  return typeof value;
}
