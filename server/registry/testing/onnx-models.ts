/**
 * Tiny ONNX models written with onnx-proto, for tests that need real files: they load in
 * onnxruntime-node (or, on purpose, do not).
 */
import { onnx } from 'onnx-proto';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

function floatInfo(name: string, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } }
  };
}

function encode(graph: onnx.IGraphProto, opset = 13): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlportal-tests',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: opset }],
    graph
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Y = X + B over float32 [batch, 3]; `bias` makes files with different bytes but the same signature. */
export function addModel(bias: number[] = [1, 2, 3]): Uint8Array {
  return encode({
    name: 'add',
    node: [{ opType: 'Add', input: ['X', 'B'], output: ['Y'] }],
    initializer: [{ name: 'B', dims: [3], dataType: FLOAT, floatData: bias }],
    input: [floatInfo('X', ['batch', 3])],
    output: [floatInfo('Y', ['batch', 3])]
  });
}

/** Y = X · W: float32 [batch, 3] → [batch, 1] (another signature than addModel's). */
export function matMulModel(weights: number[] = [0.5, -1, 2]): Uint8Array {
  return encode({
    name: 'matmul',
    node: [{ opType: 'MatMul', input: ['X', 'W'], output: ['Y'] }],
    initializer: [{ name: 'W', dims: [3, 1], dataType: FLOAT, floatData: weights }],
    input: [floatInfo('X', ['batch', 3])],
    output: [floatInfo('Y', ['batch', 1])]
  });
}

/** addModel with B's data kept in an external file (weights.bin). */
export function externalDataModel(): Uint8Array {
  return encode({
    name: 'external',
    node: [{ opType: 'Add', input: ['X', 'B'], output: ['Y'] }],
    initializer: [
      {
        name: 'B',
        dims: [3],
        dataType: FLOAT,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: 'weights.bin' },
          { key: 'offset', value: '0' },
          { key: 'length', value: '12' }
        ]
      }
    ],
    input: [floatInfo('X', ['batch', 3])],
    output: [floatInfo('Y', ['batch', 3])]
  });
}

/** Decodes as ONNX, but uses an operator onnxruntime does not have. */
export function unknownOperatorModel(): Uint8Array {
  return encode({
    name: 'unknown-op',
    node: [{ opType: 'NoSuchOperator', input: ['X'], output: ['Y'] }],
    input: [floatInfo('X', ['batch', 3])],
    output: [floatInfo('Y', ['batch', 3])]
  });
}

/** The first bytes of a valid model: a cut-off download. */
export function truncatedModel(): Uint8Array {
  const whole = addModel();
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

export function garbageBytes(): Uint8Array {
  return new TextEncoder().encode('this is a CSV file, not a model\nsepal_length,species\n5.1,setosa\n');
}
