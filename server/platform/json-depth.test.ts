import { BadRequestError } from './errors';
import { checkJsonDepth, JsonTooDeepError, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('checkJsonDepth', () => {
  it('accepts values up to the limit, scalars and wide values included', () => {
    expect(() => checkJsonDepth(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => checkJsonDepth({ a: [{ b: [1, 2, { c: null }] }], d: 'x' })).not.toThrow();
    expect(() => checkJsonDepth(42)).not.toThrow();
    expect(() => checkJsonDepth(null)).not.toThrow();
    expect(() => checkJsonDepth(Array.from({ length: 10_000 }, () => [1, 2, 3]))).not.toThrow();
  });

  it('refuses one level more with a 400 naming the limit', () => {
    const attempt = () => checkJsonDepth({ instances: nested(MAX_JSON_DEPTH) }, 'the body');
    expect(attempt).toThrow(JsonTooDeepError);
    expect(attempt).toThrow(BadRequestError);
    expect(attempt).toThrow(`the body nests lists or objects more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it('checks 100,000 levels without overflowing the stack itself', () => {
    let error: unknown;
    try {
      checkJsonDepth(nested(100_000));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(JsonTooDeepError);
    expect((error as JsonTooDeepError).code).toBe('json_too_deep');
    expect((error as JsonTooDeepError).status).toBe(400);
  });
});
