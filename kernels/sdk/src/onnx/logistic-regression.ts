import { describe, finiteMatrix, finiteVector, isMatrixLike, type MatrixLike } from './checks';
import { OnnxExportError } from './errors';
import { CAST_TO, startGraph, type ExportOptions, type StartedGraph } from './export-options';
import { BATCH, attr } from './model-writer';

/** One ml-logistic-regression binary classifier: `weights` is 1 × features (no separate intercept). */
export interface LogisticTwoClassesLike {
  weights: MatrixLike | number[][] | number[] | null;
}

/** ml-logistic-regression's LogisticRegression: one binary classifier per class (one-vs-rest). */
export interface LogisticRegressionLike {
  numberClasses: number;
  classifiers: LogisticTwoClassesLike[];
}

export interface LogisticExportOptions extends ExportOptions {
  /**
   * The column of constant 1s you appended to the training rows so the model could learn an
   * intercept (ml-logistic-regression has no intercept of its own). The exported model takes the
   * rows WITHOUT that column and adds its weight as a bias.
   */
  interceptColumn?: number;
}

const KIND = 'logistic-regression';

/**
 * A trained ml-logistic-regression model as ONNX, computing what the library computes, in float32
 * (or with `precision: 'float64'` in float64, like the library; see EXPORT_TOLERANCE for labels
 * near a tie):
 *
 * - LogisticRegression (one-vs-rest, any number of classes ≥ 2): the library trains classifier j
 *   to recognise "not class j" and predicts the class whose score sigmoid(w_j·x) is smallest (the
 *   first on a tie). Outputs "label" int64 [batch] (that class) and "probabilities" float32
 *   [batch, classes] with 1 − sigmoid(w_j·x), each classifier's probability of class j; they are
 *   one-vs-rest estimates and need not sum to 1.
 * - a single binary classifier (LogisticTwoClasses, e.g. `model.classifiers[0]`): p = sigmoid(w·x);
 *   "label" is 1 when p ≥ 0.5 (the library rounds p), "probabilities" is [1 − p, p].
 *
 * @example
 * ```ts
 * import LogisticRegression from 'ml-logistic-regression';
 * import { Matrix } from 'ml-matrix';
 * const withOnes = trainX.map(r => [...r, 1]);
 * const model = new LogisticRegression({ numSteps: 2000, learningRate: 5e-3 });
 * model.train(new Matrix(withOnes), Matrix.columnVector(labels));
 * const bytes = onnx.fromLogisticRegression(model, { interceptColumn: trainX[0].length });
 * ```
 */
export function fromLogisticRegression(
  model: LogisticRegressionLike | LogisticTwoClassesLike,
  options: LogisticExportOptions = {}
): Uint8Array {
  if (typeof model === 'object' && model !== null && 'classifiers' in model) return oneVsRest(model, options);
  if (typeof model === 'object' && model !== null && 'weights' in model) return binary(model, options);
  throw new OnnxExportError(
    `${KIND}: expected an ml-logistic-regression LogisticRegression (or one of its classifiers); got ${describe(model)}`
  );
}

function oneVsRest(model: LogisticRegressionLike, options: LogisticExportOptions): Uint8Array {
  if (!Array.isArray(model.classifiers) || model.classifiers.length === 0) {
    throw new OnnxExportError(`${KIND}: the model has no classifiers; train it before exporting`);
  }
  if (model.classifiers.length !== model.numberClasses) {
    throw new OnnxExportError(`${KIND}: the model has ${model.classifiers.length} classifiers for ${model.numberClasses} classes`);
  }
  const weightRows = model.classifiers.map((c, j) => classifierWeights(c, `classifier ${j}`));
  const width = weightRows[0].length;
  weightRows.forEach((w, j) => {
    if (w.length !== width) throw new OnnxExportError(`${KIND}: classifier ${j} has ${w.length} weights, classifier 0 has ${width}`);
  });
  const classes = weightRows.length;
  const { started, coefficients, bias } = linearPart(weightRows, options);
  const { graph } = started;
  graph.output({ name: 'label', elementType: 'int64', shape: [BATCH] });
  graph.output({ name: 'probabilities', elementType: 'float32', shape: [BATCH, classes] });

  const notClass = graph.op('Sigmoid', [score(started, coefficients, bias)], {}, 'not_class_probability');
  graph.op('ArgMin', [notClass], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) }, 'label');
  started.floatOutput('Sub', [started.floatConstant('one', [], [1]), notClass], {}, 'probabilities');
  return started.finish();
}

function binary(model: LogisticTwoClassesLike, options: LogisticExportOptions): Uint8Array {
  const weights = classifierWeights(model, 'the classifier');
  const { started, coefficients, bias } = linearPart([weights], options);
  const { graph } = started;
  graph.output({ name: 'label', elementType: 'int64', shape: [BATCH] });
  graph.output({ name: 'probabilities', elementType: 'float32', shape: [BATCH, 2] });

  const positive = graph.op('Sigmoid', [score(started, coefficients, bias)], {}, 'positive_probability');
  const isPositive = graph.op('GreaterOrEqual', [positive, started.floatConstant('half', [], [0.5])]);
  const labelColumn = graph.op('Cast', [isPositive], { to: attr.int(CAST_TO.int64) });
  graph.op('Squeeze', [labelColumn, graph.constant('column_axis', 'int64', [1], [1])], {}, 'label');
  const negative = graph.op('Sub', [started.floatConstant('one', [], [1]), positive]);
  started.floatOutput('Concat', [negative, positive], { axis: attr.int(1) }, 'probabilities');
  return started.finish();
}

function classifierWeights(classifier: LogisticTwoClassesLike, what: string): number[] {
  const weights = classifier?.weights;
  if (weights === null || weights === undefined) {
    throw new OnnxExportError(`${KIND}: ${what} has no weights; train the model before exporting`);
  }
  if (isMatrixLike(weights) || (Array.isArray(weights) && Array.isArray(weights[0]))) {
    const matrix = finiteMatrix(weights, `${KIND}: ${what} weights`, 1);
    return matrix[0];
  }
  return finiteVector(weights, `${KIND}: ${what} weights`);
}

/** Coefficients [features, classifiers] and biases, with the intercept column (if any) folded into the biases. */
function linearPart(weightRows: number[][], options: LogisticExportOptions) {
  const width = weightRows[0].length;
  const interceptColumn = options.interceptColumn;
  if (interceptColumn !== undefined && (!Number.isInteger(interceptColumn) || interceptColumn < 0 || interceptColumn >= width)) {
    throw new OnnxExportError(`${KIND}: interceptColumn must be a column index from 0 to ${width - 1}; got ${interceptColumn}`);
  }
  const featureColumns = Array.from({ length: width }, (_, i) => i).filter((i) => i !== interceptColumn);
  if (featureColumns.length === 0) throw new OnnxExportError(`${KIND}: the model has no feature besides its intercept column`);
  const started = startGraph(KIND, featureColumns.length, options);
  const coefficients = started.floatConstant(
    'coefficients',
    [featureColumns.length, weightRows.length],
    featureColumns.flatMap((i) => weightRows.map((w) => w[i]))
  );
  const bias =
    interceptColumn === undefined
      ? null
      : started.floatConstant(
          'intercepts',
          [weightRows.length],
          weightRows.map((w) => w[interceptColumn])
        );
  return { started, coefficients, bias };
}

function score(started: StartedGraph, coefficients: string, bias: string | null): string {
  const product = started.graph.op('MatMul', [started.computeInput(), coefficients], {}, 'score');
  return bias ? started.graph.op('Add', [product, bias], {}, 'score') : product;
}
