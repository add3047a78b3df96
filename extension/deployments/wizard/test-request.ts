import type { TranslationBundle } from '@jupyterlab/translation';
import type { DeploymentPredictOptions, PredictInput, Signature, TensorSpec } from '@mlportal/sdk/core';
import { untranslated } from '../../ui/untranslated';

/** Rows the prefilled request carries. */
const SAMPLE_ROWS = 1;

/**
 * A test request for the version's signature with zeros in every place: rows of numbers for one
 * 2-D input, else one object per row naming each input. Dimensions unknown or symbolic past the
 * first (the batch) count 1; a string input gets "".
 */
export function sampleInstances(signature: Pick<Signature, 'inputs'>): string {
  const inputs = signature.inputs;
  if (inputs.length === 1 && inputs[0].shape.length === 2) {
    return JSON.stringify({ instances: Array.from({ length: SAMPLE_ROWS }, () => rowOf(inputs[0])) });
  }
  const row = Object.fromEntries(inputs.map((input) => [input.name, rowOf(input)]));
  return JSON.stringify({ instances: Array.from({ length: SAMPLE_ROWS }, () => row) });
}

/** A request by entity keys: one entity with each join key empty, for the user to fill in. */
export function sampleEntities(joinKeys: readonly string[]): string {
  return JSON.stringify({ entities: [Object.fromEntries(joinKeys.map((key) => [key, '']))] });
}

/** The typed request, or why the text is not one. */
export type ParsedTestRequest = { input: PredictInput; options: DeploymentPredictOptions } | { problem: string };

export function parseTestRequest(text: string, trans: TranslationBundle = untranslated): ParsedTestRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { problem: trans.__('The request is not JSON: %1.', error instanceof Error ? error.message : String(error)) };
  }
  if (Array.isArray(body)) {
    return { input: body as PredictInput, options: {} };
  }
  if (typeof body !== 'object' || body === null) {
    return { problem: trans.__('The request is a JSON object with "instances" (rows) or "entities" (entity keys).') };
  }
  const record = body as Record<string, unknown>;
  const hasInstances = Array.isArray(record.instances);
  const hasEntities = Array.isArray(record.entities);
  if (hasInstances === hasEntities) {
    return {
      problem: trans.__('The request needs exactly one of "instances" (an array of rows) and "entities" (an array of entity keys).')
    };
  }
  if (record.version !== undefined && !(Number.isInteger(record.version) && (record.version as number) >= 1)) {
    return { problem: trans.__('"version", when given, is a version number of the deployment.') };
  }
  const input = (hasInstances ? { instances: record.instances } : { entities: record.entities }) as PredictInput;
  return { input, options: record.version === undefined ? {} : { version: record.version as number } };
}

/** One row of an input: the shape past the batch dimension, filled with zeros. */
function rowOf(input: TensorSpec): unknown {
  const zero = input.elementType === 'string' ? '' : input.elementType === 'bool' ? false : 0;
  const fill = (dims: TensorSpec['shape']): unknown => {
    if (dims.length === 0) {
      return zero;
    }
    const size = typeof dims[0] === 'number' && dims[0] > 0 ? dims[0] : 1;
    return Array.from({ length: size }, () => fill(dims.slice(1)));
  };
  return fill(input.shape.slice(1));
}
