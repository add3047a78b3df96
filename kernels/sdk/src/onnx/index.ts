/**
 * `onnx` in the SDK's Node entry: turn models trained in TypeScript into ONNX bytes that
 * `models.register({ onnx })` accepts, and run ONNX models to check them.
 *
 * Every exporter takes a float32 [batch, features] input named "input" (or `inputName`), computes in
 * float32 (or float64 with `precision: 'float64'`; outputs are float32 either way, see
 * EXPORT_TOLERANCE) and writes opset ai.onnx 17 (plus ai.onnx.ml 3 for trees), IR version 8,
 * producer "mlportal".
 */
export { fromLinearRegression, type LinearRegressionLike } from './linear-regression';
export {
  fromLogisticRegression,
  type LogisticExportOptions,
  type LogisticRegressionLike,
  type LogisticTwoClassesLike
} from './logistic-regression';
export { fromMlp, ACTIVATIONS, type Activation, type DenseLayer, type MlpExportOptions, type MlpWeights } from './mlp';
export { fromRandomForest, type RandomForestExportOptions, type RandomForestLike } from './random-forest';
export { fromGradientBoosting, type GradientBoostingLike } from './gradient-boosting';
export { predict, type PredictOptions, type PredictionOutput } from './predict';
export { OnnxExportError } from './errors';
export type { ExportOptions } from './export-options';
export { EXPORT_TOLERANCE, type Precision } from './precision';
export type { CartNodeLike } from './tree-ensemble';
