/**
 * A binary classifier whose score is its input, for tests that need to know P(positive) exactly:
 * X float32 [batch, 1] → "probabilities" [batch, 2] = [1 − x, x]. Written with onnx-proto.
 */
import { onnx } from 'onnx-proto';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

export function probabilityModel(): Uint8Array {
  const info = (name: string, dims: Array<number | string>): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } }
  });
  const graph: onnx.IGraphProto = {
    name: 'identity-classifier',
    node: [
      { opType: 'Sub', input: ['one', 'X'], output: ['not_x'] },
      {
        opType: 'Concat',
        input: ['not_x', 'X'],
        output: ['probabilities'],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]
      }
    ],
    initializer: [{ name: 'one', dims: [], dataType: FLOAT, floatData: [1] }],
    input: [info('X', ['batch', 1])],
    output: [info('probabilities', ['batch', 2])]
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlportal-tests',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 13 }],
    graph
  });
  return onnx.ModelProto.encode(model).finish();
}
