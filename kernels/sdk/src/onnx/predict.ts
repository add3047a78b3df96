import { OnnxExportError } from './errors';

/** One output of a prediction: a 1-D output as number[], a 2-D one as number[][] (int64 values become numbers). */
export type PredictionOutput = number[] | number[][];

export interface PredictOptions {
  /** The input to feed; default: the model's first input. */
  inputName?: string;
}

/**
 * Runs an ONNX model (Node only, with onnxruntime-node) on rows of features, so a notebook can
 * check an export against the model it came from before registering it. The rows are sent as
 * float32 [rows, features], as a serving stack would send them.
 *
 * @example
 * ```ts
 * const { prediction } = await onnx.predict(bytes, testX);
 * ```
 */
export async function predict(
  model: Uint8Array,
  rows: readonly (readonly number[])[],
  options: PredictOptions = {}
): Promise<Record<string, PredictionOutput>> {
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
    throw new OnnxExportError('predict: rows must be a non-empty array of feature arrays (number[][])');
  }
  const width = rows[0].length;
  const badRow = rows.findIndex((r) => r.length !== width);
  if (badRow >= 0) throw new OnnxExportError(`predict: row ${badRow} has ${rows[badRow].length} features, row 0 has ${width}`);

  // Loaded on first use: the native runtime is large, and most notebooks that import the SDK never run a model.
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model);
  try {
    const inputName = options.inputName ?? session.inputNames[0];
    if (!session.inputNames.includes(inputName)) {
      throw new OnnxExportError(`predict: the model has no input "${inputName}"; its inputs are ${session.inputNames.join(', ')}`);
    }
    const metadata = session.inputMetadata.find((m) => m.name === inputName);
    const expectedWidth = metadata?.isTensor ? metadata.shape[1] : undefined;
    if (typeof expectedWidth === 'number' && expectedWidth !== width) {
      throw new OnnxExportError(`predict: the rows have ${width} features, but the model's input "${inputName}" takes ${expectedWidth}`);
    }
    const data = Float32Array.from(rows.flat());
    const results = await session.run({ [inputName]: new ort.Tensor('float32', data, [rows.length, width]) });
    const answer: Record<string, PredictionOutput> = {};
    for (const [name, tensor] of Object.entries(results)) {
      const values = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
      const dims = tensor.dims;
      answer[name] = dims.length === 2 ? Array.from({ length: dims[0] }, (_, i) => values.slice(i * dims[1], (i + 1) * dims[1])) : values;
    }
    return answer;
  } finally {
    await session.release();
  }
}
