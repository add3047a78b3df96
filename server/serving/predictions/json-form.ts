/**
 * The simple JSON predict form (also KServe's v1): `instances` as rows of one input, or objects of
 * input name → row for several; and the answer with one prediction per row.
 */
import { BadRequestError } from '../../platform/errors';
import type { PredictResponse, Signature, TensorSpec } from '@mlportal/contract';
import type { InferResult } from '../engine';
import type { Feeds, TensorInput } from '../runtime/types';
import { rowValue, shapedRow } from './tensor-rows';

type Instance = unknown;

export function feedsFromInstances(instances: Instance[], signature: Signature): Feeds {
  const byName = instances.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row));
  if (!byName) {
    if (signature.inputs.length !== 1) {
      const names = signature.inputs.map((input) => JSON.stringify(input.name)).join(', ');
      throw new BadRequestError(
        `this model takes ${signature.inputs.length} inputs (${names}): send each instance as an object {inputName: row}`,
        undefined,
        'invalid_input'
      );
    }
    const input = signature.inputs[0];
    return { [input.name]: tensorOf(input, instances, (i) => `instances[${i}]`) };
  }
  const rows = instances as Array<Record<string, unknown>>;
  const expected = new Set(signature.inputs.map((input) => input.name));
  rows.forEach((row, i) => {
    const unknown = Object.keys(row).find((name) => !expected.has(name));
    if (unknown !== undefined)
      throw new BadRequestError(
        `instances[${i}]: unknown input ${JSON.stringify(unknown)}; the model's inputs are ${[...expected].map((n) => JSON.stringify(n)).join(', ')}`,
        undefined,
        'invalid_input'
      );
  });
  const feeds: Feeds = {};
  for (const input of signature.inputs) {
    const values = rows.map((row, i) => {
      if (!Object.hasOwn(row, input.name))
        throw new BadRequestError(`instances[${i}]: missing input ${JSON.stringify(input.name)}`, undefined, 'invalid_input');
      return row[input.name];
    });
    feeds[input.name] = tensorOf(input, values, (i) => `instances[${i}].${input.name}`);
  }
  return feeds;
}

/** Rows (each a scalar or nested list) → one tensor [rows, ...row shape]; every row must have the first row's shape. */
function tensorOf(spec: TensorSpec, rows: unknown[], where: (row: number) => string): TensorInput {
  const rowDims = dimsOf(rows[0]);
  const data: unknown[] = [];
  rows.forEach((row, i) => {
    const dims = dimsOf(row);
    if (dims.join(',') !== rowDims.join(',')) {
      throw new BadRequestError(
        `${where(i)} has shape [${dims.join(', ')}] but ${where(0)} has [${rowDims.join(', ')}]: every row needs the same shape`,
        undefined,
        'invalid_input'
      );
    }
    flattenInto(row, data, where(i));
  });
  return { type: spec.elementType, dims: [rows.length, ...rowDims], data: data as TensorInput['data'] };
}

function dimsOf(value: unknown): number[] {
  return Array.isArray(value) ? [value.length, ...(value.length > 0 ? dimsOf(value[0]) : [])] : [];
}

function flattenInto(value: unknown, into: unknown[], where: string): void {
  if (Array.isArray(value)) {
    for (const item of value) flattenInto(item, into, where);
    return;
  }
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
    throw new BadRequestError(
      `${where}: ${value === null ? 'null' : typeof value} is not a value a tensor can hold (numbers, strings or booleans)`,
      undefined,
      'invalid_input'
    );
  }
  into.push(value);
}

export function predictAnswer(result: InferResult): PredictResponse {
  const outputs = Object.entries(result.outputs);
  const rows = result.predictionIds.length;
  const rowIndexes = Array.from({ length: rows }, (_, row) => row);
  return {
    predictions: outputs.length > 0 ? rowIndexes.map((row) => rowValue(outputs[0][1], row)) : [],
    outputs: Object.fromEntries(outputs.map(([name, tensor]) => [name, rowIndexes.map((row) => shapedRow(tensor, row))])),
    predictionIds: result.predictionIds,
    model: result.model,
    version: result.version
  };
}
