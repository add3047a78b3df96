import { positiveInteger } from '../onnx/checks';
import { OnnxExportError } from '../onnx/errors';
import type { CartNodeLike } from '../onnx/tree-ensemble';
import { regressionTree, type CartOptions, type CartRegressionTree } from './cart';
import { checkPositive, checkRows, checkTargets } from './data';

/** 'squared-error' for regression; 'logistic' for binary classification with labels 0 and 1. */
export type BoostingLoss = 'squared-error' | 'logistic';

export interface GradientBoostingOptions extends CartOptions {
  loss?: BoostingLoss;
  /** Number of trees; default 100. */
  nEstimators?: number;
  /** Shrinkage applied to every tree; default 0.1. */
  learningRate?: number;
  /** Depth of each tree; default 3. */
  maxDepth?: number;
}

/**
 * Gradient-boosted ml-cart regression trees. The raw score of a row is
 * `baseScore + Σ learningRate · tree(row)`, summed tree by tree in float64; for the logistic loss it
 * is the log-odds of label 1.
 */
export class GradientBoostingModel {
  constructor(
    readonly loss: BoostingLoss,
    readonly featureCount: number,
    readonly baseScore: number,
    readonly learningRate: number,
    readonly trees: readonly CartRegressionTree[]
  ) {}

  /** The raw score per row (a prediction for 'squared-error', log-odds for 'logistic'). */
  decisionFunction(rows: number[][]): number[] {
    const scores = new Array<number>(rows.length).fill(this.baseScore);
    for (const tree of this.trees) {
      const values = tree.predict(rows);
      for (let i = 0; i < rows.length; i++) scores[i] += this.learningRate * values[i];
    }
    return scores;
  }

  /** 'squared-error': the prediction; 'logistic': the label, 1 when the log-odds are > 0. */
  predict(rows: number[][]): number[] {
    const scores = this.decisionFunction(rows);
    return this.loss === 'logistic' ? scores.map((s) => (s > 0 ? 1 : 0)) : scores;
  }

  /** 'logistic' only: the probability of label 1. */
  predictProbability(rows: number[][]): number[] {
    if (this.loss !== 'logistic')
      throw new OnnxExportError(`predictProbability needs a model trained with loss 'logistic'; this one uses '${this.loss}'`);
    return this.decisionFunction(rows).map(sigmoid);
  }
}

/**
 * Trains gradient-boosted trees on ml-cart's DecisionTreeRegression: each tree is fitted to the
 * residuals (the negative gradient) of the current model. For the logistic loss the base score is
 * the log-odds of the label-1 rate, and each leaf is then set to one Newton step, Σ residual /
 * Σ p(1 − p) over the rows it holds, as common boosting libraries do.
 *
 * @example
 * ```ts
 * const model = train.gradientBoosting(trainX, late, { loss: 'logistic', nEstimators: 50, maxDepth: 3 });
 * model.predictProbability(testX);
 * const bytes = onnx.fromGradientBoosting(model);
 * ```
 */
export function gradientBoosting(x: number[][], y: number[], options: GradientBoostingOptions = {}): GradientBoostingModel {
  const what = 'gradientBoosting';
  const featureCount = checkRows(x, what);
  const targets = checkTargets(y, x.length, what);
  const loss = options.loss ?? 'squared-error';
  if (loss !== 'squared-error' && loss !== 'logistic')
    throw new OnnxExportError(`${what}: loss must be 'squared-error' or 'logistic'; got ${String(loss)}`);
  const nEstimators = positiveInteger(options.nEstimators ?? 100, `${what}: nEstimators`);
  const learningRate = checkPositive(options.learningRate ?? 0.1, `${what}: learningRate`);
  const treeOptions: CartOptions = {
    maxDepth: positiveInteger(options.maxDepth ?? 3, `${what}: maxDepth`),
    minNumSamples: positiveInteger(options.minNumSamples ?? 3, `${what}: minNumSamples`)
  };

  const baseScore = loss === 'logistic' ? logOdds(targets, what) : targets.reduce((a, b) => a + b, 0) / targets.length;
  const scores = new Array<number>(x.length).fill(baseScore);
  const trees: CartRegressionTree[] = [];
  for (let m = 0; m < nEstimators; m++) {
    const probabilities = loss === 'logistic' ? scores.map(sigmoid) : null;
    const residuals = targets.map((t, i) => t - (probabilities ? probabilities[i] : scores[i]));
    const tree = regressionTree(treeOptions);
    tree.train(x, residuals);
    if (probabilities) setNewtonLeaves(tree.root, x, residuals, probabilities);
    const values = tree.predict(x);
    for (let i = 0; i < x.length; i++) scores[i] += learningRate * values[i];
    trees.push(tree);
  }
  return new GradientBoostingModel(loss, featureCount, baseScore, learningRate, trees);
}

function logOdds(labels: number[], what: string): number {
  if (labels.some((v) => v !== 0 && v !== 1)) throw new OnnxExportError(`${what}: loss 'logistic' needs labels 0 and 1`);
  const positives = labels.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === labels.length)
    throw new OnnxExportError(`${what}: loss 'logistic' needs rows of both labels, 0 and 1`);
  return Math.log(positives / (labels.length - positives));
}

function sigmoid(score: number): number {
  return 1 / (1 + Math.exp(-score));
}

/** Replaces each leaf's mean residual with the Newton step for the logistic loss over the rows that reach it. */
function setNewtonLeaves(root: CartNodeLike, x: number[][], residuals: number[], probabilities: number[]): void {
  const sums = new Map<CartNodeLike, { gradient: number; hessian: number }>();
  x.forEach((row, i) => {
    const leaf = leafOf(root, row);
    const sum = sums.get(leaf) ?? { gradient: 0, hessian: 0 };
    sum.gradient += residuals[i];
    sum.hessian += probabilities[i] * (1 - probabilities[i]);
    sums.set(leaf, sum);
  });
  for (const [leaf, { gradient, hessian }] of sums) leaf.distribution = gradient / Math.max(hessian, 1e-12);
}

/** The leaf a row reaches, by ml-cart's rule: left when row[splitColumn] < splitValue. */
function leafOf(root: CartNodeLike, row: number[]): CartNodeLike {
  let node = root;
  while (node.left && node.right) node = row[node.splitColumn!] < node.splitValue! ? node.left : node.right;
  return node;
}
