import { describe, finiteNumber, positiveInteger } from './checks';
import { OnnxExportError } from './errors';
import { CAST_TO, startGraph, type ExportOptions } from './export-options';
import { BATCH, attr } from './model-writer';
import { addTreeEnsembleRegressor, regressionLeafValue, type CartNodeLike } from './tree-ensemble';

/**
 * What the export reads from a gradient-boosted model (train.gradientBoosting's
 * GradientBoostingModel, or any model of the same shape): raw score =
 * baseScore + Σ learningRate · tree(row), with ml-cart regression trees.
 */
export interface GradientBoostingLike {
  loss: 'squared-error' | 'logistic';
  featureCount: number;
  baseScore: number;
  learningRate: number;
  trees: ReadonlyArray<{ root?: CartNodeLike }>;
}

const KIND = 'gradient-boosting';

/**
 * A gradient-boosted tree model as ONNX: one ai.onnx.ml TreeEnsembleRegressor (aggregate SUM,
 * leaf weights learningRate · leaf, base_values [baseScore]) computes the raw score.
 *
 * - loss 'squared-error': output "prediction" float32 [batch, 1].
 * - loss 'logistic': outputs "label" int64 [batch] (1 when the raw score is > 0, as the
 *   TypeScript model decides) and "probabilities" float32 [batch, 2] = [1 − p, p] with
 *   p = sigmoid(score). The sigmoid is a separate Sigmoid node rather than the operator's
 *   post_transform LOGISTIC, so that the label is decided on the raw score's sign, not on a
 *   float32 probability compared with 0.5.
 *
 * Branch decisions are exact for float32 inputs (see treeEnsembleAttributes). The score is summed in
 * float32, or with `precision: 'float64'` in float64 and rounded to float32 (the operator's output);
 * the sigmoid and the label's sign test read that float32 score in both precisions.
 *
 * @example
 * ```ts
 * const model = train.gradientBoosting(trainX, trainY, { nEstimators: 100, maxDepth: 3 });
 * const bytes = onnx.fromGradientBoosting(model, { featureNames });
 * ```
 */
export function fromGradientBoosting(model: GradientBoostingLike, options: ExportOptions = {}): Uint8Array {
  if (typeof model !== 'object' || model === null || !Array.isArray(model.trees)) {
    throw new OnnxExportError(`${KIND}: expected a model from train.gradientBoosting (with trees); got ${describe(model)}`);
  }
  if (model.loss !== 'squared-error' && model.loss !== 'logistic') {
    throw new OnnxExportError(`${KIND}: loss must be 'squared-error' or 'logistic'; got ${describe(model.loss)}`);
  }
  const featureCount = positiveInteger(model.featureCount, `${KIND}: featureCount`);
  const baseScore = finiteNumber(model.baseScore, `${KIND}: baseScore`);
  const learningRate = finiteNumber(model.learningRate, `${KIND}: learningRate`);
  const started = startGraph(KIND, featureCount, options);
  const { graph } = started;
  const trees = model.trees.map((tree) => ({
    root: tree?.root,
    featureOf: (column: number) => column,
    leaf: (node: CartNodeLike, where: string) => [{ target: 0, weight: learningRate * regressionLeafValue(node, where) }]
  }));
  const settings = { targets: 1, aggregate: 'SUM' as const, baseValues: [baseScore] };

  if (model.loss === 'squared-error') {
    graph.output({ name: 'prediction', elementType: 'float32', shape: [BATCH, 1] });
    addTreeEnsembleRegressor(started, trees, KIND, settings, 'prediction');
    return started.finish();
  }

  graph.output({ name: 'label', elementType: 'int64', shape: [BATCH] });
  graph.output({ name: 'probabilities', elementType: 'float32', shape: [BATCH, 2] });
  const score = addTreeEnsembleRegressor(started, trees, KIND, settings, 'score');
  const positive = graph.op('Sigmoid', [score], {}, 'positive_probability');
  const isPositive = graph.op('Greater', [score, graph.constant('zero', 'float32', [], [0])]);
  const labelColumn = graph.op('Cast', [isPositive], { to: attr.int(CAST_TO.int64) });
  graph.op('Squeeze', [labelColumn, graph.constant('column_axis', 'int64', [1], [1])], {}, 'label');
  const negative = graph.op('Sub', [graph.constant('one', 'float32', [], [1]), positive]);
  graph.op('Concat', [negative, positive], { axis: attr.int(1) }, 'probabilities');
  return started.finish();
}
