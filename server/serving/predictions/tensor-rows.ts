/**
 * Tensors cut into rows (the first dimension) as JSON values: bigints become numbers, bool tensors
 * booleans, and NaN or ±Infinity null (JSON and the store hold finite numbers only). The prediction
 * log calls these for every logged row, so they avoid intermediate arrays.
 */
import type { WireTensor } from '../runtime/types';

export type JsonScalar = number | string | boolean | null;
export type Nested = JsonScalar | Nested[];

export function rowCount(tensor: WireTensor): number {
  return tensor.dims.length > 0 ? tensor.dims[0] : 1;
}

export function rowSize(tensor: WireTensor): number {
  let size = 1;
  for (let axis = 1; axis < tensor.dims.length; axis++) size *= tensor.dims[axis];
  return size;
}

export function scalarAt(tensor: WireTensor, index: number): JsonScalar {
  const value = (tensor.data as ArrayLike<unknown>)[index];
  if (tensor.type === 'bool') return value === 1 || value === true;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'string' ? value : null;
}

/** Row `row`'s values, flat. */
export function flatRow(tensor: WireTensor, row: number, size = rowSize(tensor)): JsonScalar[] {
  const values: JsonScalar[] = new Array(size);
  const start = row * size;
  for (let i = 0; i < size; i++) values[i] = scalarAt(tensor, start + i);
  return values;
}

/** Row `row` shaped by the tensor's other dimensions: a scalar for [n], a list for [n, k], lists of lists beyond. */
export function shapedRow(tensor: WireTensor, row: number): Nested {
  if (tensor.dims.length <= 1) return scalarAt(tensor, tensor.dims.length === 0 ? 0 : row);
  return shape(flatRow(tensor, row), tensor.dims);
}

/** `values` (one row, flat) nested by dims[1..]; a row of a 2-D tensor is `values` itself. */
function shape(values: JsonScalar[], dims: readonly number[], axis = 1): Nested[] {
  if (axis >= dims.length - 1) return values;
  let inner = 1;
  for (let i = axis + 1; i < dims.length; i++) inner *= dims[i];
  return Array.from({ length: dims[axis] }, (_, i) => shape(values.slice(i * inner, (i + 1) * inner), dims, axis + 1));
}

/** A row's value as the answer and the log give it: a scalar when the row holds one value. */
export function rowValue(tensor: WireTensor, row: number): Nested {
  return valueOf(tensor, flatRow(tensor, row));
}

/** A row already read flat (flatRow), as rowValue gives it. */
export function valueOf(tensor: WireTensor, values: JsonScalar[]): Nested {
  return values.length === 1 ? values[0] : shape(values, tensor.dims);
}
