/**
 * The runtime's tensors and the messages between the pool (main thread) and its workers.
 * Tensors cross the thread boundary as plain {type, dims, data} objects: onnxruntime Tensor
 * objects exist only inside the workers.
 */
import type { Signature } from '@mlportal/contract';

/** The typed arrays onnxruntime takes and gives for numeric and bool tensors. */
export type NumericData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Element data as callers may give it; the pool turns plain arrays into the typed array the type needs. */
export type TensorData = NumericData | readonly number[] | readonly bigint[] | readonly boolean[] | readonly string[];

/** onnxruntime's element type names ('float32', 'int64', 'bool', 'string', ...), as in a version's signature. */
export interface TensorInput {
  type: string;
  dims: readonly number[];
  data: TensorData;
}

/** What a worker hands to and gets from onnxruntime: data already in the typed form onnxruntime wants. */
export interface WireTensor {
  type: string;
  dims: number[];
  data: NumericData | string[];
}

export type Feeds = Record<string, TensorInput>;
export type WireFeeds = Record<string, WireTensor>;
export type Outputs = Record<string, WireTensor>;

export interface SessionThreads {
  intraOpNumThreads: number;
  interOpNumThreads: number;
}

export type ToWorker =
  | { type: 'load'; id: number; versionKey: string; model: Uint8Array }
  | { type: 'unload'; id: number; versionKey: string }
  | { type: 'run'; id: number; versionKey: string; feeds: WireFeeds };

export type FromWorker =
  | { type: 'loaded'; id: number; signature: Signature }
  | { type: 'unloaded'; id: number }
  | { type: 'ran'; id: number; outputs: Outputs }
  | { type: 'failed'; id: number; message: string; code: string };

export interface WorkerStartData {
  threads: SessionThreads;
}
