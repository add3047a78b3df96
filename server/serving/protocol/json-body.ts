/**
 * The JSON of a v2 request. Python clients (tritonclient's json.dumps) write NaN and Infinity as
 * bare tokens, which JSON.parse refuses; rather than a parse error that hides the real problem, a
 * body that fails for that reason is read again with those tokens as markers, so the tensor check
 * can say which element is NaN. The fast path is a plain JSON.parse.
 */
import { BadRequestError } from '../../platform/errors';
import { checkJsonDepth } from '../../platform/json-depth';

/** A Map, not an object: a data string such as "constructor" must not find a prototype member. */
export const NON_FINITE_MARKERS: ReadonlyMap<string, number> = new Map([
  ['\u0000NaN', Number.NaN],
  ['\u0000Infinity', Infinity],
  ['\u0000-Infinity', -Infinity]
]);

const STRING_OR_NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

/** The parsed body, held to the nesting limit (platform/json-depth.ts): the tensor code walks it recursively. */
export function parseRequestJson(text: string): unknown {
  const parsed = parseLeniently(text);
  checkJsonDepth(parsed);
  return parsed;
}

function parseLeniently(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/NaN|Infinity/.test(text)) {
      const marked = text.replace(STRING_OR_NON_FINITE, (token) => (token.startsWith('"') ? token : `"\\u0000${token}"`));
      try {
        return JSON.parse(marked);
      } catch {
        // not only NaN: report the original error below
      }
    }
    throw new BadRequestError(`the request body is not valid JSON: ${(error as Error).message}`, undefined, 'invalid_json');
  }
}
