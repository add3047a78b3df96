import type { Signature } from '@mlportal/contract';
import { decodeInferRequest, encodeInferResponse, feedsFor } from './codec';
import { datatypeOf, elementTypeOf, metadataShape } from './datatypes';

const json = (body: unknown) => Buffer.from(JSON.stringify(body));
const signature: Signature = {
  inputs: [
    { name: 'X', elementType: 'float32', shape: ['batch', 3] },
    { name: 'ids', elementType: 'int64', shape: ['batch'] }
  ],
  outputs: [{ name: 'Y', elementType: 'float32', shape: ['batch', 1] }],
  opsets: [],
  irVersion: 8
};

/** A binary body: the JSON header, then the tensors' bytes, with the header's length. */
function binaryBody(header: unknown, ...blobs: Buffer[]): { body: Buffer; length: string } {
  const head = json(header);
  return { body: Buffer.concat([head, ...blobs]), length: String(head.length) };
}

describe('v2 datatypes', () => {
  test('map both ways and keep unknown element types as they are', () => {
    expect(['FP32', 'FP64', 'INT64', 'INT32', 'BOOL', 'BYTES', 'UINT8'].map(elementTypeOf)).toEqual([
      'float32',
      'float64',
      'int64',
      'int32',
      'bool',
      'string',
      'uint8'
    ]);
    expect(['float32', 'int64', 'bool', 'string', 'sequence<float32>'].map(datatypeOf)).toEqual([
      'FP32',
      'INT64',
      'BOOL',
      'BYTES',
      'sequence<float32>'
    ]);
    expect(elementTypeOf('FLOAT')).toBeUndefined();
    expect(metadataShape(['batch', 3, null])).toEqual([-1, 3, -1]);
  });
});

describe('decodeInferRequest', () => {
  test('reads JSON tensors, flat or nested, floats into typed arrays', () => {
    const decoded = decodeInferRequest(
      json({
        id: 'r1',
        inputs: [
          {
            name: 'X',
            shape: [2, 3],
            datatype: 'FP32',
            data: [
              [1, 2, 3],
              [4, 5, 6]
            ]
          },
          { name: 'ids', shape: [2], datatype: 'INT64', data: [7, 8] }
        ],
        outputs: [{ name: 'Y' }]
      }),
      undefined
    );
    expect(decoded.id).toBe('r1');
    expect(decoded.inputs[0]).toMatchObject({ name: 'X', datatype: 'FP32', shape: [2, 3] });
    expect(decoded.inputs[0].data).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(decoded.inputs[1].data).toEqual([7, 8]);
    expect(decoded.outputs).toEqual([{ name: 'Y', binary: false }]);
    expect(feedsFor(decoded.inputs, signature)).toEqual({
      X: { type: 'float32', dims: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
      ids: { type: 'int64', dims: [2], data: [7, 8] }
    });
  });

  test('reads binary tensors after the JSON header (the binary tensor data extension)', () => {
    const floats = Buffer.from(new Float32Array([1.5, -2, 3]).buffer);
    const ints = Buffer.from(new BigInt64Array([5n]).buffer);
    const words = Buffer.concat([Buffer.from([2, 0, 0, 0]), Buffer.from('hi'), Buffer.from([0, 0, 0, 0])]);
    const { body, length } = binaryBody(
      {
        inputs: [
          { name: 'X', shape: [1, 3], datatype: 'FP32', parameters: { binary_data_size: floats.length } },
          { name: 'ids', shape: [1], datatype: 'INT64', parameters: { binary_data_size: ints.length } },
          { name: 'words', shape: [2], datatype: 'BYTES', parameters: { binary_data_size: words.length } }
        ],
        parameters: { binary_data_output: true }
      },
      floats,
      ints,
      words
    );
    const decoded = decodeInferRequest(body, length);
    expect(decoded.inputs.map((input) => input.data)).toEqual([new Float32Array([1.5, -2, 3]), new BigInt64Array([5n]), ['hi', '']]);
    expect(decoded).toMatchObject({ outputs: null, binaryOutputs: true });
  });

  test('reads NaN and Infinity as Python clients write them, so the runtime can name the element', () => {
    const decoded = decodeInferRequest(
      Buffer.from('{"inputs": [{"name": "X", "shape": [1, 3], "datatype": "FP32", "data": [1.0, NaN, -Infinity]}], "id": "NaN"}'),
      undefined
    );
    expect(Array.from(decoded.inputs[0].data as Float32Array)).toEqual([1, Number.NaN, -Infinity]);
    expect(decoded.id).toBe('NaN');
  });

  test.each([
    ['not JSON', Buffer.from('{"inputs": ['), /not valid JSON/],
    ['no inputs', json({}), /"inputs" must be a non-empty list/],
    [
      'an unknown datatype',
      json({ inputs: [{ name: 'X', shape: [1], datatype: 'FLOAT', data: [1] }] }),
      /input "X": datatype "FLOAT" is not one of the protocol's datatypes/
    ],
    [
      'a bad shape',
      json({ inputs: [{ name: 'X', shape: [1, -3], datatype: 'FP32', data: [1] }] }),
      /input "X": "shape" must be a list of whole numbers/
    ],
    [
      'a count that does not fit the shape',
      json({ inputs: [{ name: 'X', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3] }] }),
      /input "X": 3 values given, shape \[2, 3\] needs 6/
    ],
    [
      'a string among floats',
      json({ inputs: [{ name: 'X', shape: [2], datatype: 'FP32', data: [1, 'two'] }] }),
      /input "X": element 1 is string, not a number/
    ],
    [
      'the same input twice',
      json({
        inputs: [
          { name: 'X', shape: [1], datatype: 'FP32', data: [1] },
          { name: 'X', shape: [1], datatype: 'FP32', data: [1] }
        ]
      }),
      /input "X" is given twice/
    ],
    [
      'binary data past the end',
      binaryBody({ inputs: [{ name: 'X', shape: [1], datatype: 'FP32', parameters: { binary_data_size: 8 } }] }, Buffer.alloc(4)),
      /binary_data_size 8 runs past the end/
    ]
  ])('refuses %s with a 400 naming the problem', (_what, body, message) => {
    const [bytes, length] = Buffer.isBuffer(body) ? [body, undefined] : [body.body, body.length];
    expect(() => decodeInferRequest(bytes, length)).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringMatching(message) })
    );
  });
});

describe('feedsFor', () => {
  const tensor = (name: string, datatype: string, data: number[]) => ({ name, datatype, shape: [data.length], data });
  test.each([
    ['a wrong datatype', [tensor('X', 'FP64', [1]), tensor('ids', 'INT64', [1])], /input "X": datatype FP64 given, the model expects FP32/],
    ['a missing input', [tensor('X', 'FP32', [1])], /missing input "ids"/],
    [
      'an unknown input',
      [tensor('X', 'FP32', [1]), tensor('ids', 'INT64', [1]), tensor('Z', 'FP32', [1])],
      /unknown input "Z"; the model's inputs are "X", "ids"/
    ]
  ])('refuses %s', (_what, inputs, message) => {
    expect(() => feedsFor(inputs, signature)).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(message) }));
  });
});

describe('encodeInferResponse', () => {
  const outputs = {
    Y: { type: 'float32', dims: [2, 1], data: new Float32Array([0.5, 1.5]) },
    flag: { type: 'bool', dims: [2], data: new Uint8Array([1, 0]) },
    n: { type: 'int64', dims: [1], data: new BigInt64Array([42n]) }
  };
  const info = { modelName: 'delays', modelVersion: '3', id: 'r1', predictionIds: ['pred_a', 'pred_b'] };

  test('answers every output in JSON with the prediction ids and the version served', () => {
    const encoded = encodeInferResponse(outputs, null, false, info);
    expect(encoded.headerLength).toBeUndefined();
    expect(JSON.parse(encoded.body.toString())).toEqual({
      model_name: 'delays',
      model_version: '3',
      id: 'r1',
      parameters: { prediction_ids: ['pred_a', 'pred_b'] },
      outputs: [
        { name: 'Y', datatype: 'FP32', shape: [2, 1], data: [0.5, 1.5] },
        { name: 'flag', datatype: 'BOOL', shape: [2], data: [true, false] },
        { name: 'n', datatype: 'INT64', shape: [1], data: [42] }
      ]
    });
  });

  test('answers requested outputs only, binary ones after the JSON header', () => {
    const encoded = encodeInferResponse(outputs, [{ name: 'Y', binary: true }], false, info);
    const header = JSON.parse(encoded.body.subarray(0, encoded.headerLength).toString());
    expect(header.outputs).toEqual([{ name: 'Y', datatype: 'FP32', shape: [2, 1], parameters: { binary_data_size: 8 } }]);
    const tail = encoded.body.subarray(encoded.headerLength);
    expect(Array.from(new Float32Array(new Uint8Array(tail).buffer))).toEqual([0.5, 1.5]);
  });
});
