/**
 * Feature-enriched prediction over the Open Inference Protocol: instead of the model's inputs, a
 * request sends one BYTES input named "entity_keys" (the name is reserved by the serving contract),
 * one element per row, each a JSON object of entity keys such as {"origin": "SFO"}. The server
 * then looks the features up as for the JSON form's "entities".
 */
import type { EntityKeys } from '../engine';
import { InvalidInputError } from '../runtime/errors';
import type { RequestTensor } from './codec';

export const ENTITY_KEYS_INPUT = 'entity_keys';
/** As many as the JSON form takes in one request. */
const MAX_ENTITIES = 1000;

const fail = (message: string): never => {
  throw new InvalidInputError(message);
};

/** The entity keys the request sends, or null when it sends the model's inputs themselves. */
export function entityKeysOf(inputs: RequestTensor[]): EntityKeys | null {
  const given = inputs.find((input) => input.name === ENTITY_KEYS_INPUT);
  if (!given) return null;
  const what = `input "${ENTITY_KEYS_INPUT}"`;
  if (inputs.length > 1)
    fail(`${what} (entity keys for feature-enriched prediction) comes alone: send either the entity keys or the model's inputs`);
  if (given.datatype !== 'BYTES') fail(`${what} must have datatype BYTES (one JSON object per row), not ${given.datatype}`);
  const [rows, ...rest] = given.shape;
  if (given.shape.length === 0 || rest.some((dim) => dim !== 1))
    fail(`${what}: shape [${given.shape.join(', ')}] given; send [rows] or [rows, 1]`);
  if (rows < 1 || rows > MAX_ENTITIES) fail(`${what}: ${rows} entities given; send between 1 and ${MAX_ENTITIES} a request`);
  return Array.from(given.data as ArrayLike<unknown>, (element, index) => entity(element, `${what}, element ${index}`));
}

function entity(element: unknown, where: string): EntityKeys[number] {
  let value: unknown = element;
  if (typeof element === 'string') {
    try {
      value = JSON.parse(element);
    } catch {
      fail(`${where} is not JSON: ${JSON.stringify(element.slice(0, 100))}; send an object such as {"origin": "SFO"}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    fail(`${where} must be a JSON object of entity keys, such as {"origin": "SFO"}`);
  }
  for (const [key, keyValue] of Object.entries(value as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof keyValue))
      fail(`${where}: key ${JSON.stringify(key)} must be a string, number or boolean`);
  }
  return value as EntityKeys[number];
}
