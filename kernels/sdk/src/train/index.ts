/** `train` in the SDK's Node entry: small trainers whose models the `onnx` exporters take. */
export { mlp, MlpModel, type HiddenActivation, type MlpOptions, type OutputActivation } from './mlp';
export { gradientBoosting, GradientBoostingModel, type BoostingLoss, type GradientBoostingOptions } from './gradient-boosting';
export type { CartOptions, CartRegressionTree } from './cart';
