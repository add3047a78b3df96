/**
 * The Open Inference Protocol's tensors ↔ the runtime's feeds and outputs: the JSON body form and
 * the binary tensor data extension (a JSON header of Inference-Header-Content-Length bytes, then
 * each binary tensor's raw little-endian bytes, BYTES elements as 4-byte length + UTF-8). A request
 * is checked here against the version's signature in the protocol's terms (names, datatypes,
 * element counts); ranks, fixed dimensions and NaN are checked by the runtime before batching.
 */
import { InvalidInputError } from '../runtime/errors';
import type { Feeds, Outputs, TensorInput, WireTensor } from '../runtime/types';
import type { Signature } from '@mlportal/contract';
import { datatypeOf, elementBytes, elementTypeOf } from './datatypes';
import { NON_FINITE_MARKERS, parseRequestJson } from './json-body';

export interface RequestTensor {
  name: string;
  datatype: string;
  shape: number[];
  /** Flat, row-major: numbers, booleans, strings, or a typed array from binary data. */
  data: TensorInput['data'];
}

export interface RequestedOutput {
  name: string;
  binary: boolean;
}

export interface DecodedRequest {
  id?: string;
  inputs: RequestTensor[];
  /** Null: every output, in JSON unless binary_data_output was asked for. */
  outputs: RequestedOutput[] | null;
  binaryOutputs: boolean;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (message: string): never => {
  throw new InvalidInputError(message);
};

/** Reads a request body (raw bytes); `headerLength` is the Inference-Header-Content-Length header when sent. */
export function decodeInferRequest(body: Buffer, headerLength: string | undefined): DecodedRequest {
  let jsonPart: Buffer = body;
  let binary: Buffer = Buffer.alloc(0);
  if (headerLength !== undefined) {
    const length = Number(headerLength);
    if (!Number.isSafeInteger(length) || length < 0 || length > body.length)
      fail(`Inference-Header-Content-Length ${headerLength} does not fit a body of ${body.length} bytes`);
    jsonPart = body.subarray(0, length);
    binary = body.subarray(length);
  }
  const request = parseRequestJson(jsonPart.toString('utf8'));
  if (!isObject(request)) return fail('the request body must be a JSON object with "inputs"');
  if (request.id !== undefined && typeof request.id !== 'string') fail('"id" must be a string');
  if (!Array.isArray(request.inputs) || request.inputs.length === 0) fail('"inputs" must be a non-empty list of tensors');
  const binaryOffset = { at: 0 };
  const inputs = (request.inputs as unknown[]).map((input, index) => decodeTensor(input, index, binary, binaryOffset));
  if (binaryOffset.at !== binary.length)
    fail(`the body has ${binary.length - binaryOffset.at} bytes of binary data beyond what the inputs' binary_data_size declare`);
  const names = inputs.map((input) => input.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) fail(`input ${JSON.stringify(repeated)} is given twice`);
  const parameters = isObject(request.parameters) ? request.parameters : {};
  const binaryOutputs = parameters.binary_data_output === true;
  let outputs: RequestedOutput[] | null = null;
  if (request.outputs !== undefined) {
    if (!Array.isArray(request.outputs)) fail('"outputs" must be a list of {name}');
    outputs = (request.outputs as unknown[]).map((output) => {
      if (!isObject(output) || typeof output.name !== 'string') return fail('each of "outputs" must be an object with a "name"');
      const own = isObject(output.parameters) ? output.parameters.binary_data : undefined;
      return { name: output.name, binary: typeof own === 'boolean' ? own : binaryOutputs };
    });
  }
  return { ...(typeof request.id === 'string' ? { id: request.id } : {}), inputs, outputs, binaryOutputs };
}

function decodeTensor(input: unknown, index: number, binary: Buffer, offset: { at: number }): RequestTensor {
  if (!isObject(input)) return fail(`inputs[${index}] must be an object {name, shape, datatype, data}`);
  const name = typeof input.name === 'string' && input.name !== '' ? input.name : fail(`inputs[${index}] needs a "name"`);
  const what = `input ${JSON.stringify(name)}`;
  const datatype = typeof input.datatype === 'string' ? input.datatype : fail(`${what} needs a "datatype" (FP32, INT64, BYTES, ...)`);
  const elementType =
    elementTypeOf(datatype) ?? fail(`${what}: datatype ${JSON.stringify(datatype)} is not one of the protocol's datatypes`);
  const shape = input.shape;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0))
    fail(`${what}: "shape" must be a list of whole numbers ≥ 0`);
  const dims = shape as number[];
  const count = dims.reduce((product, dim) => product * dim, 1);
  const parameters = isObject(input.parameters) ? input.parameters : {};
  let data: TensorInput['data'];
  if (parameters.binary_data_size !== undefined) {
    const size = parameters.binary_data_size;
    if (!Number.isSafeInteger(size) || (size as number) < 0 || offset.at + (size as number) > binary.length) {
      fail(`${what}: binary_data_size ${String(size)} runs past the end of the body`);
    }
    data = fromBinary(binary.subarray(offset.at, offset.at + (size as number)), datatype, elementType, what);
    offset.at += size as number;
  } else {
    if (!Array.isArray(input.data)) fail(`${what}: "data" must be a list of values (or the tensor sent as binary data)`);
    data = fromJson(input.data as unknown[], elementType, what);
  }
  if (data.length !== count) fail(`${what}: ${data.length} values given, shape [${dims.join(', ')}] needs ${count}`);
  return { name, datatype, shape: dims, data };
}

function fromJson(values: unknown[], elementType: string, what: string): TensorInput['data'] {
  const flat = values.some(Array.isArray) ? (values.flat(Infinity) as unknown[]) : values;
  if (elementType !== 'float32' && elementType !== 'float64') return flat as TensorInput['data'];
  // Floats go straight into the typed array the runtime sends; a non-number would become NaN silently there.
  const out = elementType === 'float32' ? new Float32Array(flat.length) : new Float64Array(flat.length);
  for (let index = 0; index < flat.length; index++) {
    const value = flat[index];
    const marked = typeof value === 'string' ? NON_FINITE_MARKERS.get(value) : undefined;
    if (typeof value === 'number') out[index] = value;
    else if (marked !== undefined) out[index] = marked;
    else fail(`${what}: element ${index} is ${value === null ? 'null' : typeof value}, not a number`);
  }
  return out;
}

function fromBinary(bytes: Buffer, datatype: string, elementType: string, what: string): TensorInput['data'] {
  if (datatype === 'BYTES') {
    const strings: string[] = [];
    for (let at = 0; at < bytes.length;) {
      if (at + 4 > bytes.length) fail(`${what}: BYTES data ends inside an element's 4-byte length`);
      const length = bytes.readUInt32LE(at);
      if (at + 4 + length > bytes.length) fail(`${what}: a BYTES element of ${length} bytes runs past its tensor's data`);
      strings.push(bytes.toString('utf8', at + 4, at + 4 + length));
      at += 4 + length;
    }
    return strings;
  }
  const size = elementBytes(datatype) ?? fail(`${what}: datatype ${datatype} cannot be sent as binary data`);
  if (bytes.length % size !== 0) fail(`${what}: ${bytes.length} bytes of binary data is not a whole number of ${datatype} elements`);
  // A copy: typed arrays need their own aligned buffer, and the body's buffer is pooled.
  const copy = new Uint8Array(bytes).buffer;
  switch (elementType) {
    case 'float32':
      return new Float32Array(copy);
    case 'float64':
      return new Float64Array(copy);
    case 'int8':
      return new Int8Array(copy);
    case 'uint8':
      return new Uint8Array(copy);
    case 'bool':
      return new Uint8Array(copy);
    case 'int16':
      return new Int16Array(copy);
    case 'uint16':
      return new Uint16Array(copy);
    case 'int32':
      return new Int32Array(copy);
    case 'uint32':
      return new Uint32Array(copy);
    case 'int64':
      return new BigInt64Array(copy);
    case 'uint64':
      return new BigUint64Array(copy);
    default:
      return fail(`${what}: datatype ${datatype} is not supported by the inference runtime`);
  }
}

/** The request's tensors as feeds for one version, checked against its signature in the protocol's terms. */
export function feedsFor(inputs: RequestTensor[], signature: Signature): Feeds {
  const expected = new Map(signature.inputs.map((spec) => [spec.name, spec]));
  const unknown = inputs.filter((input) => !expected.has(input.name)).map((input) => JSON.stringify(input.name));
  if (unknown.length)
    fail(`unknown input ${unknown.join(', ')}; the model's inputs are ${[...expected.keys()].map((n) => JSON.stringify(n)).join(', ')}`);
  const missing = [...expected.keys()].filter((name) => !inputs.some((input) => input.name === name));
  if (missing.length) fail(`missing input ${missing.map((n) => JSON.stringify(n)).join(', ')}`);
  const feeds: Feeds = {};
  for (const input of inputs) {
    const wanted = datatypeOf(expected.get(input.name)!.elementType);
    if (input.datatype !== wanted)
      fail(`input ${JSON.stringify(input.name)}: datatype ${input.datatype} given, the model expects ${wanted}`);
    feeds[input.name] = { type: elementTypeOf(input.datatype)!, dims: input.shape, data: input.data };
  }
  return feeds;
}

export interface EncodedResponse {
  /** The response body: JSON alone, or the JSON header followed by binary outputs. */
  body: Buffer;
  /** Set when binary outputs follow the JSON header: its length, for Inference-Header-Content-Length. */
  headerLength?: number;
}

export interface ResponseInfo {
  modelName: string;
  modelVersion: string;
  id?: string;
  predictionIds: string[];
}

/** The infer response: the requested outputs (all when none were named), in JSON or binary as asked. */
export function encodeInferResponse(
  outputs: Outputs,
  requested: RequestedOutput[] | null,
  binaryOutputs: boolean,
  info: ResponseInfo
): EncodedResponse {
  const names = Object.keys(outputs);
  const wanted = requested ?? names.map((name) => ({ name, binary: binaryOutputs }));
  const unknown = wanted.filter((output) => !Object.hasOwn(outputs, output.name)).map((output) => JSON.stringify(output.name));
  if (unknown.length)
    fail(`unknown output ${unknown.join(', ')}; the model's outputs are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  const blobs: Buffer[] = [];
  const tensors = wanted.map(({ name, binary }) => {
    const tensor = outputs[name];
    const head = { name, datatype: datatypeOf(tensor.type), shape: tensor.dims };
    if (!binary) return { ...head, data: jsonValues(tensor) };
    const blob = binaryValues(tensor);
    blobs.push(blob);
    return { ...head, parameters: { binary_data_size: blob.length } };
  });
  const header = {
    model_name: info.modelName,
    model_version: info.modelVersion,
    ...(info.id !== undefined ? { id: info.id } : {}),
    parameters: { prediction_ids: info.predictionIds },
    outputs: tensors
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (blobs.length === 0) return { body: json };
  return { body: Buffer.concat([json, ...blobs]), headerLength: json.length };
}

function jsonValues(tensor: WireTensor): unknown[] {
  const data = tensor.data;
  if (Array.isArray(data)) return data;
  if (tensor.type === 'bool') return Array.from(data as Uint8Array, (value) => value !== 0);
  if (isBigIntArray(data)) return Array.from(data as ArrayLike<bigint>, Number);
  return Array.from(data as ArrayLike<number>);
}

/** Arrays cloned from a worker come from another realm: instanceof fails there, the tag does not. */
function isBigIntArray(data: unknown): boolean {
  const tag = Object.prototype.toString.call(data);
  return tag === '[object BigInt64Array]' || tag === '[object BigUint64Array]';
}

function binaryValues(tensor: WireTensor): Buffer {
  const data = tensor.data;
  if (Array.isArray(data)) {
    const parts = (data as string[]).map((text) => Buffer.from(String(text), 'utf8'));
    const out = Buffer.alloc(parts.reduce((sum, part) => sum + 4 + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.writeUInt32LE(part.length, at);
      part.copy(out, at + 4);
      at += 4 + part.length;
    }
    return out;
  }
  const view = data as ArrayBufferView;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
