import type { Signature } from '@mlportal/contract';
import { batchShape, canBatch, prepareFeeds, splitOutputs, stackFeeds } from './tensors';

const signature = (
  inputs: Signature['inputs'],
  outputs: Signature['outputs'] = [{ name: 'Y', elementType: 'float32', shape: ['batch', 1] }]
): Signature => ({
  inputs,
  outputs,
  opsets: [{ domain: '', version: 13 }],
  irVersion: 8
});

describe('prepareFeeds', () => {
  test('turns lists into the typed arrays onnxruntime needs, per element type', () => {
    const sig = signature([
      { name: 'ids', elementType: 'int64', shape: ['batch', 2] },
      { name: 'flags', elementType: 'bool', shape: ['batch'] },
      { name: 'words', elementType: 'string', shape: ['batch'] }
    ]);
    const wire = prepareFeeds(sig, {
      ids: { type: 'int64', dims: [1, 2], data: [3, 4] },
      flags: { type: 'bool', dims: [1], data: [true] },
      words: { type: 'string', dims: [1], data: ['hello'] }
    });
    expect(wire.ids.data).toEqual(new BigInt64Array([3n, 4n]));
    expect(wire.flags.data).toEqual(new Uint8Array([1]));
    expect(wire.words.data).toEqual(['hello']);
  });

  test('refuses values an integer type cannot hold, and a typed array of another type', () => {
    const sig = signature([{ name: 'X', elementType: 'uint8', shape: ['batch'] }]);
    expect(() => prepareFeeds(sig, { X: { type: 'uint8', dims: [2], data: [1, 300] } })).toThrow(
      'input "X": element 1 (300) is out of range for uint8'
    );
    expect(() => prepareFeeds(sig, { X: { type: 'uint8', dims: [1], data: [1.5] } })).toThrow('input "X": element 0 is not a whole number');
    expect(() => prepareFeeds(sig, { X: { type: 'uint8', dims: [1], data: new Int8Array([1]) } })).toThrow(
      'input "X": a Int8Array was given for uint8 data'
    );
  });

  test('refuses infinite floats and element types the runtime does not handle', () => {
    const floats = signature([{ name: 'X', elementType: 'float32', shape: ['batch'] }]);
    expect(() => prepareFeeds(floats, { X: { type: 'float32', dims: [2], data: new Float32Array([1, Infinity]) } })).toThrow(
      'input "X": element 1 is Infinity'
    );
    const half = signature([{ name: 'H', elementType: 'float16', shape: [1] }]);
    expect(() => prepareFeeds(half, { H: { type: 'float16', dims: [1], data: [1] } })).toThrow(
      'input "H": element type float16 is not supported'
    );
  });
});

describe('batching helpers', () => {
  test('a version batches only when every input and output leaves its first dimension open', () => {
    expect(canBatch(signature([{ name: 'X', elementType: 'float32', shape: ['batch', 3] }]))).toBe(true);
    expect(canBatch(signature([{ name: 'X', elementType: 'float32', shape: [null, 3] }]))).toBe(true);
    expect(canBatch(signature([{ name: 'X', elementType: 'float32', shape: [1, 3] }]))).toBe(false);
    expect(
      canBatch(signature([{ name: 'X', elementType: 'float32', shape: ['batch', 3] }], [{ name: 'Y', elementType: 'float32', shape: [] }]))
    ).toBe(false);
  });

  test('stacks requests with the same trailing dimensions and splits outputs back by rows', () => {
    const a = { X: { type: 'float32', dims: [1, 2], data: new Float32Array([1, 2]) } };
    const b = { X: { type: 'float32', dims: [2, 2], data: new Float32Array([3, 4, 5, 6]) } };
    const c = { X: { type: 'float32', dims: [1, 3], data: new Float32Array([7, 8, 9]) } };
    expect(batchShape(a)!.key).toBe(batchShape(b)!.key);
    expect(batchShape(a)!.key).not.toBe(batchShape(c)!.key);
    expect(batchShape({ ...a, Z: { type: 'float32', dims: [2], data: new Float32Array(2) } })).toBeUndefined();

    const stacked = stackFeeds([a, b]);
    expect(stacked.X.dims).toEqual([3, 2]);
    expect(Array.from(stacked.X.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);

    const parts = splitOutputs({ Y: { type: 'float32', dims: [3, 1], data: new Float32Array([10, 20, 30]) } }, [1, 2]);
    expect(parts.map((part) => [part.Y.dims, Array.from(part.Y.data as Float32Array)])).toEqual([
      [[1, 1], [10]],
      [
        [2, 1],
        [20, 30]
      ]
    ]);
    expect(() => splitOutputs({ Y: { type: 'float32', dims: [1], data: new Float32Array(1) } }, [1, 2])).toThrow(
      'output "Y" has 1 rows for a batch of 3'
    );
  });
});
