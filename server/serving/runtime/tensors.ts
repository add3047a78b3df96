/**
 * One request's tensors against a version's signature: checked (names, element type, rank, fixed
 * dimensions, element count, finite floats) and turned into the typed arrays onnxruntime wants, so
 * a bad request is refused on its own before it can join a batch. Also stacks requests along the
 * batch (first) dimension and splits a batch's outputs back per request.
 */
import { ownEntry } from '../../platform/own';
import type { Signature, TensorSpec } from '@mlportal/contract';
import { InvalidInputError } from './errors';
import type { Feeds, NumericData as NumericArray, Outputs, TensorInput, WireFeeds, WireTensor } from './types';

interface ElementKind {
  /** The typed array's class name (compared by name: arrays cloned from a worker come from another realm). */
  arrayName: string;
  make(length: number): NumericArray;
  kind: 'float' | 'integer' | 'bigint' | 'bool';
}

const ELEMENT_KINDS: Record<string, ElementKind> = {
  float32: { arrayName: 'Float32Array', make: (n) => new Float32Array(n), kind: 'float' },
  float64: { arrayName: 'Float64Array', make: (n) => new Float64Array(n), kind: 'float' },
  int8: { arrayName: 'Int8Array', make: (n) => new Int8Array(n), kind: 'integer' },
  uint8: { arrayName: 'Uint8Array', make: (n) => new Uint8Array(n), kind: 'integer' },
  int16: { arrayName: 'Int16Array', make: (n) => new Int16Array(n), kind: 'integer' },
  uint16: { arrayName: 'Uint16Array', make: (n) => new Uint16Array(n), kind: 'integer' },
  int32: { arrayName: 'Int32Array', make: (n) => new Int32Array(n), kind: 'integer' },
  uint32: { arrayName: 'Uint32Array', make: (n) => new Uint32Array(n), kind: 'integer' },
  int64: { arrayName: 'BigInt64Array', make: (n) => new BigInt64Array(n), kind: 'bigint' },
  uint64: { arrayName: 'BigUint64Array', make: (n) => new BigUint64Array(n), kind: 'bigint' },
  bool: { arrayName: 'Uint8Array', make: (n) => new Uint8Array(n), kind: 'bool' }
};

const typedArrayName = (value: unknown): string | undefined =>
  ArrayBuffer.isView(value) ? Object.prototype.toString.call(value).slice(8, -1) : undefined;

const elementCount = (dims: readonly number[]): number => dims.reduce((product, dim) => product * dim, 1);

/** Checks one request's feeds and returns them in onnxruntime's form; throws InvalidInputError naming the input. */
export function prepareFeeds(signature: Signature, feeds: Feeds): WireFeeds {
  if (typeof feeds !== 'object' || feeds === null || Array.isArray(feeds))
    throw new InvalidInputError('inputs must be an object of input name → tensor');
  const expected = signature.inputs.map((spec) => spec.name);
  const unknown = Object.keys(feeds).filter((name) => !expected.includes(name));
  if (unknown.length)
    throw new InvalidInputError(
      `unknown input ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the model's inputs are ${expected.map((n) => JSON.stringify(n)).join(', ')}`
    );
  const missing = expected.filter((name) => !Object.hasOwn(feeds, name));
  if (missing.length) throw new InvalidInputError(`missing input ${missing.map((n) => JSON.stringify(n)).join(', ')}`);
  const wire: WireFeeds = {};
  for (const spec of signature.inputs) wire[spec.name] = prepareTensor(spec, feeds[spec.name]);
  return wire;
}

function prepareTensor(spec: TensorSpec, input: TensorInput): WireTensor {
  const fail = (what: string): never => {
    throw new InvalidInputError(`input ${JSON.stringify(spec.name)}: ${what}`, { input: spec.name });
  };
  if (typeof input !== 'object' || input === null) fail('must be an object {type, dims, data}');
  if (input.type !== spec.elementType) fail(`element type ${JSON.stringify(input.type)} given, the model expects ${spec.elementType}`);
  const dims = input.dims;
  if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) fail('dims must be a list of whole numbers ≥ 0');
  // A signature without a shape ([]) does not tell scalars from unknown rank: check rank only when it has one.
  if (spec.shape.length > 0) {
    if (dims.length !== spec.shape.length)
      fail(
        `rank ${dims.length} (dims [${dims.join(', ')}]), the model expects rank ${spec.shape.length} [${spec.shape.map((d) => d ?? '?').join(', ')}]`
      );
    spec.shape.forEach((fixed, axis) => {
      if (typeof fixed === 'number' && dims[axis] !== fixed) fail(`dimension ${axis} is ${dims[axis]}, the model expects ${fixed}`);
    });
  }
  const count = elementCount(dims);
  const data = input.data as unknown;
  if (!Array.isArray(data) && !ArrayBuffer.isView(data)) fail('data must be a list or a typed array');
  const length = (data as ArrayLike<unknown>).length;
  if (length !== count) fail(`${length} values given, dims [${dims.join(', ')}] need ${count}`);
  return { type: spec.elementType, dims: [...dims], data: convertData(spec.elementType, data as ArrayLike<unknown>, fail) };
}

function convertData(type: string, data: ArrayLike<unknown>, fail: (what: string) => never): WireTensor['data'] {
  if (type === 'string') {
    const values = Array.from(data);
    const bad = values.findIndex((value) => typeof value !== 'string');
    if (bad >= 0) fail(`element ${bad} is not a string`);
    return values as string[];
  }
  const element = ownEntry(ELEMENT_KINDS, type) ?? fail(`element type ${type} is not supported by the inference runtime`);
  const given = typedArrayName(data);
  if (given !== undefined && given !== element.arrayName)
    fail(`a ${given} was given for ${type} data; send a ${element.arrayName} or a list`);
  const out = given !== undefined ? (data as NumericArray) : element.make(data.length);
  for (let index = 0; index < data.length; index++) {
    const value = data[index];
    if (element.kind === 'float') {
      if (typeof value !== 'number') fail(`element ${index} is ${typeof value}, not a number`);
      if (!Number.isFinite(value)) fail(`element ${index} is ${value}; the model accepts finite numbers only`);
    } else if (given !== undefined) {
      continue; // an integer typed array holds valid values by construction
    } else if (element.kind === 'bool') {
      if (typeof value !== 'boolean' && value !== 0 && value !== 1) fail(`element ${index} is not a boolean`);
    } else if (element.kind === 'bigint') {
      if (typeof value !== 'bigint' && !Number.isSafeInteger(value)) fail(`element ${index} is not a whole number`);
    } else if (!Number.isInteger(value)) {
      fail(`element ${index} is not a whole number`);
    }
    if (given === undefined) {
      (out as unknown as unknown[])[index] =
        element.kind === 'bigint' ? BigInt(value as number | bigint) : element.kind === 'bool' ? Number(value) : value;
    }
  }
  if (given === undefined && element.kind === 'integer') {
    // A typed array wraps out-of-range values silently; refuse them instead of predicting on garbage.
    const bad = Array.from(data).findIndex((value, index) => Number(out[index]) !== value);
    if (bad >= 0) fail(`element ${bad} (${String(data[bad])}) is out of range for ${type}`);
  }
  return out;
}

/** A version can batch when every input and output has a leading dimension the model leaves open. */
export function canBatch(signature: Signature): boolean {
  return [...signature.inputs, ...signature.outputs].every((spec) => spec.shape.length > 0 && typeof spec.shape[0] !== 'number');
}

/**
 * The rows a request adds to a batch and the key of the requests it can stack with (the same
 * dimensions after the first, per input); undefined when its inputs disagree on the row count.
 */
export function batchShape(feeds: WireFeeds): { rows: number; key: string } | undefined {
  const tensors = Object.entries(feeds).sort(([a], [b]) => a.localeCompare(b));
  const rows = tensors[0]?.[1].dims[0];
  if (rows === undefined || !tensors.every(([, tensor]) => tensor.dims[0] === rows)) return undefined;
  return { rows, key: tensors.map(([name, tensor]) => `${name}:${tensor.dims.slice(1).join('x')}`).join('|') };
}

/** Stacks requests (which share a batchShape key) into one feed along dimension 0. */
export function stackFeeds(requests: WireFeeds[]): WireFeeds {
  const stacked: WireFeeds = {};
  for (const [name, first] of Object.entries(requests[0])) {
    const parts = requests.map((feeds) => feeds[name]);
    const rows = parts.reduce((sum, part) => sum + part.dims[0], 0);
    stacked[name] = { type: first.type, dims: [rows, ...first.dims.slice(1)], data: concatData(parts.map((part) => part.data)) };
  }
  return stacked;
}

function concatData(parts: Array<WireTensor['data']>): WireTensor['data'] {
  if (Array.isArray(parts[0])) return (parts as string[][]).flat();
  const typed = parts as NumericArray[];
  const total = typed.reduce((sum, part) => sum + part.length, 0);
  const Make = typed[0].constructor as new (length: number) => NumericArray;
  const out = new Make(total);
  let offset = 0;
  for (const part of typed) {
    (out as unknown as { set(from: ArrayLike<unknown>, at: number): void }).set(part as ArrayLike<unknown>, offset);
    offset += part.length;
  }
  return out;
}

/** Splits a batch's outputs back into one set per request, by the rows each request sent. */
export function splitOutputs(outputs: Outputs, rowsPerRequest: number[]): Outputs[] {
  const total = rowsPerRequest.reduce((sum, rows) => sum + rows, 0);
  const results: Outputs[] = rowsPerRequest.map(() => ({}));
  for (const [name, tensor] of Object.entries(outputs)) {
    if (tensor.dims[0] !== total)
      throw new Error(`output ${JSON.stringify(name)} has ${tensor.dims[0]} rows for a batch of ${total}; it cannot be split per request`);
    const perRow = elementCount(tensor.dims.slice(1));
    let row = 0;
    rowsPerRequest.forEach((rows, index) => {
      const data = (tensor.data as { slice(start: number, end: number): WireTensor['data'] }).slice(row * perRow, (row + rows) * perRow);
      results[index][name] = { type: tensor.type, dims: [rows, ...tensor.dims.slice(1)], data };
      row += rows;
    });
  }
  return results;
}
