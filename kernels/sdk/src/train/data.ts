import { finiteNumber } from '../onnx/checks';
import { OnnxExportError } from '../onnx/errors';

/** Training rows: a non-empty number[][] of finite values, every row as wide as the first. Returns the width. */
export function checkRows(rows: unknown, what: string): number {
  if (!Array.isArray(rows) || rows.length === 0) throw new OnnxExportError(`${what}: x must be a non-empty array of rows (number[][])`);
  const width = Array.isArray(rows[0]) ? rows[0].length : 0;
  if (width === 0) throw new OnnxExportError(`${what}: x[0] must be a non-empty array of numbers`);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new OnnxExportError(`${what}: x[${i}] has ${Array.isArray(row) ? row.length : 'no'} features, x[0] has ${width}`);
    }
    row.forEach((v: unknown, j) => finiteNumber(v, `${what}: x[${i}][${j}]`));
  });
  return width;
}

/** One finite target per row. */
export function checkTargets(targets: unknown, rowCount: number, what: string): number[] {
  if (!Array.isArray(targets) || targets.length !== rowCount) {
    throw new OnnxExportError(
      `${what}: y must have one value per row (${rowCount}); got ${Array.isArray(targets) ? targets.length : typeof targets}`
    );
  }
  return targets.map((v: unknown, i) => finiteNumber(v, `${what}: y[${i}]`));
}

/** A finite number > 0 (learning rates). */
export function checkPositive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new OnnxExportError(`${what} must be a number > 0; got ${value}`);
  return value;
}
