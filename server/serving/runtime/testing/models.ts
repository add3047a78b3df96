/** A model whose run fails on some values only (not on shape or type): Gather with an index out of range. */
import { onnx } from 'onnx-proto';

/** Y[i] = TABLE[X[i]] for int64 X [batch, 1] → float32 Y [batch, 1]; an index outside 0..4 makes onnxruntime fail the run. */
export const GATHER_TABLE = [10, 20, 30, 40, 50];

export function gatherModel(): Uint8Array {
  const info = (name: string, elemType: number): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 1 }] } } }
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mlportal-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'gather',
      node: [{ opType: 'Gather', input: ['TABLE', 'X'], output: ['Y'] }],
      initializer: [{ name: 'TABLE', dims: [5], dataType: onnx.TensorProto.DataType.FLOAT, floatData: GATHER_TABLE }],
      input: [info('X', onnx.TensorProto.DataType.INT64)],
      output: [info('Y', onnx.TensorProto.DataType.FLOAT)]
    }
  });
  return onnx.ModelProto.encode(model).finish();
}
