/**
 * One served request → one logged prediction per row, and the documents they are stored as. Names
 * (features, inputs, outputs, entity keys) may hold "." (ONNX's "input.1"), which the store refuses
 * in field names, so documents keep those maps as lists of { key, value }.
 *
 * The log builds documents when it writes a batch, not when a request is answered, so this runs
 * off the request path; what a request shares by all its rows is worked out once per request.
 */
import { fromPairs, type KeyValue } from '../../registry/documents';
import type { ServedRequest } from '../engine';
import type { WireTensor } from '../runtime/types';
import type { LoggedPrediction } from '@mlportal/contract';
import { flatRow, rowSize, valueOf, type JsonScalar, type Nested } from './tensor-rows';

export const PREDICTIONS_COLLECTION = 'serving_predictions';
const MAX_LOGGED_VALUES = 256;

export interface PredictionDocument {
  deployment: string;
  model: string;
  version: number;
  role: LoggedPrediction['role'];
  requestId: string;
  at: string;
  latencyMs: number;
  features: Array<KeyValue<JsonScalar>> | null;
  inputs: Array<KeyValue<unknown>> | null;
  entityKeys: Array<KeyValue<string | number | boolean>> | null;
  outputs: Array<KeyValue<Nested>>;
  prediction: JsonScalar;
}

export type StoredPrediction = PredictionDocument & { _id: string };

interface NamedTensor {
  name: string;
  tensor: WireTensor;
  size: number;
}

/** Appends to `into` the documents of rows [from, to) of a served request. */
export function appendPredictionDocuments(
  into: StoredPrediction[],
  served: ServedRequest,
  from = 0,
  to = served.predictionIds.length
): void {
  const inputs = named(served.feeds);
  const outputs = named(served.outputs);
  const names = served.featureNames;
  const only = inputs.length === 1 ? inputs[0] : null;
  const byName = names && only && only.tensor.dims.length === 2 && only.tensor.dims[1] === names.length ? only : null;
  const at = served.at.toISOString();
  for (let row = from; row < to; row++) {
    const keys = served.entityKeys?.[row];
    let prediction: JsonScalar = null;
    const loggedOutputs = outputs.map(({ name, tensor, size }, index) => {
      const values = flatRow(tensor, row, size);
      if (index === 0 && values.length > 0) prediction = values[0];
      return { key: name, value: valueOf(tensor, values) };
    });
    into.push({
      _id: served.predictionIds[row],
      deployment: served.deployment,
      model: served.model,
      version: served.version,
      role: served.role,
      requestId: served.requestId,
      at,
      latencyMs: served.latencyMs,
      features: byName ? featurePairs(names!, flatRow(byName.tensor, row, byName.size)) : null,
      inputs: byName ? null : inputs.map(({ name, tensor, size }) => ({ key: name, value: loggedInput(tensor, row, size) })),
      entityKeys: keys ? Object.entries(keys).map(([key, value]) => ({ key, value })) : null,
      outputs: loggedOutputs,
      prediction
    });
  }
}

/** Every row's document of a served request. */
export function predictionDocuments(served: ServedRequest): StoredPrediction[] {
  const documents: StoredPrediction[] = [];
  appendPredictionDocuments(documents, served);
  return documents;
}

function named(tensors: Record<string, WireTensor>): NamedTensor[] {
  return Object.entries(tensors).map(([name, tensor]) => ({ name, tensor, size: rowSize(tensor) }));
}

function featurePairs(names: string[], values: JsonScalar[]): Array<KeyValue<JsonScalar>> {
  const pairs: Array<KeyValue<JsonScalar>> = new Array(values.length);
  for (let i = 0; i < values.length; i++) pairs[i] = { key: names[i], value: values[i] };
  return pairs;
}

function loggedInput(tensor: WireTensor, row: number, size: number): unknown {
  if (size > MAX_LOGGED_VALUES) return { truncated: true, length: size };
  return valueOf(tensor, flatRow(tensor, row, size));
}

export function toLoggedPrediction(doc: StoredPrediction): LoggedPrediction {
  return {
    id: doc._id,
    deployment: doc.deployment,
    model: doc.model,
    version: doc.version,
    role: doc.role,
    requestId: doc.requestId,
    at: doc.at,
    latencyMs: doc.latencyMs,
    features: doc.features ? fromPairs(doc.features) : null,
    inputs: doc.inputs ? fromPairs(doc.inputs) : null,
    entityKeys: doc.entityKeys ? fromPairs(doc.entityKeys) : null,
    outputs: fromPairs(doc.outputs) as LoggedPrediction['outputs'],
    prediction: doc.prediction
  };
}
