/**
 * A nesting limit for JSON from requests. JSON.parse itself copes with any depth, but whatever walks
 * the value afterwards with recursion (zod, a tensor's shape, Array.prototype.flat) overflows the
 * stack on a body like 100,000 nested lists, which would surface as a 500. Every request body is
 * checked here right after it is parsed, so the caller learns what is wrong (400 json_too_deep).
 */
import { BadRequestError } from './errors';

/** Far beyond any body the API takes (a tensor of rank 64 included), far below what overflows. */
export const MAX_JSON_DEPTH = 64;

export class JsonTooDeepError extends BadRequestError {
  constructor(where: string, limit: number) {
    super(`${where} nests lists or objects more than ${limit} levels deep`, { limit }, 'json_too_deep');
  }
}

/**
 * Throws JsonTooDeepError when `value` nests arrays or objects deeper than `limit` (a scalar is depth
 * 0, [] or {} depth 1). Iterative, so the check itself cannot overflow.
 */
export function checkJsonDepth(value: unknown, where = 'the request body', limit = MAX_JSON_DEPTH): void {
  if (typeof value !== 'object' || value === null) return;
  const pending: Array<[object, number]> = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > limit) throw new JsonTooDeepError(where, limit);
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (typeof child === 'object' && child !== null) pending.push([child as object, depth + 1]);
  }
}
