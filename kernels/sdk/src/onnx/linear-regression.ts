import { finiteMatrix, positiveInteger, describe } from './checks';
import { OnnxExportError } from './errors';
import { startGraph, type ExportOptions } from './export-options';
import { BATCH } from './model-writer';

/**
 * The parts of a trained ml-regression-multivariate-linear model the export reads (the live model
 * or its `toJSON()`): `weights[i][j]` is input i's coefficient for output j, and when `intercept`
 * is true (the library's default) one more row, the last, holds the intercepts. The library's type
 * declarations omit `inputs`, `outputs` and `intercept`, so they are optional here; when absent
 * they follow from `weights` and the default.
 */
export interface LinearRegressionLike {
  weights: number[][];
  inputs?: number;
  outputs?: number;
  intercept?: boolean;
}

const KIND = 'linear-regression';

/**
 * A trained multivariate linear regression as ONNX: input float32 [batch, inputs], output
 * "prediction" float32 [batch, outputs]: MatMul + Add in float32, or with `precision: 'float64'` in
 * float64 like the library, rounded to float32 once at the end (see EXPORT_TOLERANCE).
 *
 * @example
 * ```ts
 * import MLR from 'ml-regression-multivariate-linear';
 * import { onnx } from '@mlportal/sdk';
 * const model = new MLR(trainX, trainY);            // trainY: number[][] (one column per output)
 * const bytes = onnx.fromLinearRegression(model, { featureNames: ['distance', 'hour'] });
 * ```
 */
export function fromLinearRegression(model: LinearRegressionLike, options: ExportOptions = {}): Uint8Array {
  if (typeof model !== 'object' || model === null || !('weights' in model)) {
    throw new OnnxExportError(`${KIND}: expected a trained ml-regression-multivariate-linear model (with weights); got ${describe(model)}`);
  }
  const intercept = model.intercept ?? true;
  const rows = Array.isArray(model.weights) ? model.weights.length : 0;
  const inputs = positiveInteger(model.inputs ?? rows - (intercept ? 1 : 0), `${KIND}: inputs`);
  const outputs = positiveInteger(model.outputs ?? (Array.isArray(model.weights?.[0]) ? model.weights[0].length : 0), `${KIND}: outputs`);
  const weights = finiteMatrix(model.weights, `${KIND}: weights`, inputs + (intercept ? 1 : 0), outputs);
  const bias = intercept ? weights[inputs] : new Array<number>(outputs).fill(0);

  const started = startGraph(KIND, inputs, options);
  const { graph } = started;
  graph.output({ name: 'prediction', elementType: 'float32', shape: [BATCH, outputs] });
  const coefficients = started.floatConstant('coefficients', [inputs, outputs], weights.slice(0, inputs).flat());
  const intercepts = started.floatConstant('intercepts', [outputs], bias);
  const product = graph.op('MatMul', [started.computeInput(), coefficients]);
  started.floatOutput('Add', [product, intercepts], {}, 'prediction');
  return started.finish();
}
