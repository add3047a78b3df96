/** ONNX validation against real files and the real onnxruntime-node. */
import { InvalidModelError } from '../../registry/errors';
import {
  addModel,
  externalDataModel,
  garbageBytes,
  matMulModel,
  truncatedModel,
  unknownOperatorModel
} from '../../registry/testing/onnx-models';
import { validateOnnx } from './validate';

async function refusal(bytes: Uint8Array): Promise<InvalidModelError> {
  try {
    await validateOnnx(bytes);
  } catch (err) {
    if (err instanceof InvalidModelError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('validateOnnx', () => {
  it('reads the signature of a model that loads: names, element types, symbolic and fixed dims, opsets, producer', async () => {
    expect(await validateOnnx(addModel())).toEqual({
      inputs: [{ name: 'X', elementType: 'float32', shape: ['batch', 3] }],
      outputs: [{ name: 'Y', elementType: 'float32', shape: ['batch', 3] }],
      opsets: [{ domain: '', version: 13 }],
      producer: 'mlportal-tests 1',
      irVersion: 8
    });
    expect((await validateOnnx(matMulModel())).outputs).toEqual([{ name: 'Y', elementType: 'float32', shape: ['batch', 1] }]);
  });

  it('refuses what is not ONNX, with the reason', async () => {
    const garbage = await refusal(garbageBytes());
    expect(garbage.status).toBe(422);
    expect(garbage.code).toBe('not_onnx');
    expect(garbage.message).toMatch(/^not an ONNX model: /);
    const truncated = await refusal(truncatedModel());
    expect(truncated.code).toBe('not_onnx');
    expect(truncated.message).toMatch(/^not an ONNX model: /);
    expect((await refusal(new Uint8Array())).message).toBe('not an ONNX model: it has no graph');
  });

  it('refuses a model whose weights live in an external file, naming the tensor and the file', async () => {
    const err = await refusal(externalDataModel());
    expect(err.code).toBe('external_data');
    expect(err.message).toContain('refers to external data files');
    expect(err.message).toContain('tensor "B" in "weights.bin"');
    expect(err.details).toEqual({ tensors: [{ tensor: 'B', location: 'weights.bin' }] });
  });

  it("refuses a model onnxruntime cannot load, with onnxruntime's message", async () => {
    const err = await refusal(unknownOperatorModel());
    expect(err.code).toBe('model_does_not_load');
    expect(err.message).toMatch(/^onnxruntime could not load the model: .*NoSuchOperator/);
  });
});
