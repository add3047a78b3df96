import { firstMaxIndex } from './argmax';
import { describe, finiteMatrix, finiteVector, isMatrixLike, positiveInteger } from './checks';
import { OnnxExportError } from './errors';
import { CAST_TO, startGraph, type ExportOptions } from './export-options';
import { BATCH, attr, type GraphWriter } from './model-writer';
import { addTreeEnsembleRegressor, regressionLeafValue, type CartNodeLike, type TreeToWrite } from './tree-ensemble';

/**
 * The parts of a trained ml-random-forest model the export reads (RandomForestRegression or
 * RandomForestClassifier, live or from toJSON()). Tree i sees only the input columns
 * `indexes[i]` (its feature bag): its column j is the model's column indexes[i][j].
 */
export interface RandomForestLike {
  isClassifier?: boolean;
  estimators?: Array<{ root?: CartNodeLike }>;
  indexes?: number[][];
  /** Set by train(); absent after toJSON(). */
  numberFeatures?: number;
  /** RandomForestRegression only. */
  selectionMethod?: string;
  /** toJSON() nests the forest here. */
  baseModel?: RandomForestLike;
}

export interface RandomForestExportOptions extends ExportOptions {
  /** Number of input features; default: what the model recorded at training (required for a toJSON() copy whose trees skip trailing columns). */
  featureCount?: number;
  /** Classifier: number of classes in "probabilities"; default: the most any leaf knows (highest label + 1). */
  classCount?: number;
}

const REGRESSION = 'random-forest-regression';
const CLASSIFIER = 'random-forest-classifier';

/**
 * A trained ml-random-forest model as ONNX (ai.onnx.ml TreeEnsembleRegressor plus standard ops).
 *
 * - RandomForestRegression (selectionMethod 'mean'): output "prediction" float32 [batch, 1], the
 *   mean of the trees.
 * - RandomForestClassifier: output "label" int64 [batch] and "probabilities" float32
 *   [batch, classes] (each class's share of the tree votes). The label reproduces the library's
 *   majority vote exactly, ties included: ml-array-mode picks, among the classes with the most
 *   votes, the one that reached that count first in tree order. The graph gets each tree's vote
 *   from one TreeEnsembleRegressor (one target per tree), counts votes with a running sum over the
 *   trees, and breaks ties by the tree at which each class reached the top count.
 *
 * Branch decisions are exact for float32 inputs in both precisions (see treeEnsembleAttributes);
 * classification labels are integers, so they match exactly, and only the regression mean depends on
 * `precision` (float32 by default: within EXPORT_TOLERANCE).
 *
 * @example
 * ```ts
 * import { RandomForestClassifier } from 'ml-random-forest';
 * const forest = new RandomForestClassifier({ nEstimators: 25, maxFeatures: 0.8, seed: 3 });
 * forest.train(trainX, labels);                 // labels: 0, 1, 2, …
 * const bytes = onnx.fromRandomForest(forest, { featureNames });
 * ```
 */
export function fromRandomForest(model: RandomForestLike, options: RandomForestExportOptions = {}): Uint8Array {
  if (typeof model !== 'object' || model === null) {
    throw new OnnxExportError(
      `random forest: expected an ml-random-forest RandomForestRegression or RandomForestClassifier; got ${describe(model)}`
    );
  }
  const forest = model.baseModel ?? model;
  const kind = forest.isClassifier ? CLASSIFIER : REGRESSION;
  if (!Array.isArray(forest.estimators) || forest.estimators.length === 0 || !Array.isArray(forest.indexes)) {
    throw new OnnxExportError(`${kind}: the model has no trained trees; call train() before exporting`);
  }
  if (forest.indexes.length !== forest.estimators.length) {
    throw new OnnxExportError(`${kind}: ${forest.estimators.length} trees but ${forest.indexes.length} feature bags (indexes)`);
  }
  const bags = forest.indexes.map((bag, i) => finiteVector(bag, `${kind}: indexes[${i}]`));
  const usedColumns = Math.max(...bags.flat()) + 1;
  const featureCount = positiveInteger(options.featureCount ?? forest.numberFeatures ?? usedColumns, `${kind}: featureCount`);
  if (featureCount < usedColumns) {
    throw new OnnxExportError(`${kind}: featureCount is ${featureCount}, but the trees use column ${usedColumns - 1}`);
  }
  const trees = forest.estimators.map((estimator, i) => ({ root: estimator?.root, bag: bags[i] }));
  const started = startGraph(kind, featureCount, options);
  if (!forest.isClassifier) {
    const selection = model.selectionMethod ?? forest.selectionMethod ?? 'mean';
    if (selection !== 'mean') {
      throw new OnnxExportError(
        `${kind}: selectionMethod '${selection}' has no ONNX tree-ensemble equivalent; train with selectionMethod 'mean'`
      );
    }
    started.graph.output({ name: 'prediction', elementType: 'float32', shape: [BATCH, 1] });
    const toWrite: TreeToWrite[] = trees.map((t) => ({
      root: t.root,
      featureOf: bagColumn(t.bag),
      leaf: (node, where) => [{ target: 0, weight: regressionLeafValue(node, where) }]
    }));
    addTreeEnsembleRegressor(started, toWrite, kind, { targets: 1, aggregate: 'AVERAGE' }, 'prediction');
    return started.finish();
  }

  let classesSeen = 0;
  const toWrite: TreeToWrite[] = trees.map((t, treeId) => ({
    root: t.root,
    featureOf: bagColumn(t.bag),
    leaf: (node, where) => {
      const frequencies = leafFrequencies(node.distribution, where);
      classesSeen = Math.max(classesSeen, frequencies.length);
      // The tree's vote: the class ml-cart's leaf predicts (maxRowIndex, the first of equal maxima).
      return [{ target: treeId, weight: firstMaxIndex(frequencies) }];
    }
  }));
  const votes = addTreeEnsembleRegressor(started, toWrite, kind, { targets: trees.length, aggregate: 'SUM' }, 'tree_votes');
  const classCount = positiveInteger(options.classCount ?? classesSeen, `${kind}: classCount`);
  if (classCount < classesSeen)
    throw new OnnxExportError(`${kind}: classCount is ${classCount}, but the trees know ${classesSeen} classes`);
  addMajorityVote(started.graph, votes, trees.length, classCount);
  return started.finish();
}

function bagColumn(bag: number[]): (column: number) => number {
  return (column) => (column < bag.length ? bag[column] : -1);
}

function leafFrequencies(distribution: unknown, where: string): number[] {
  if (isMatrixLike(distribution) || (Array.isArray(distribution) && Array.isArray(distribution[0]))) {
    return finiteMatrix(distribution, `${where}: class distribution`, 1)[0];
  }
  const frequencies = finiteVector(distribution, `${where}: class distribution`);
  if (frequencies.length === 0) throw new OnnxExportError(`${where}: class distribution is empty`);
  return frequencies;
}

/**
 * From each tree's vote (float32 [batch, trees]) to "label" and "probabilities", with ml-array-mode's
 * tie rule: the winner is the top-count class whose last needed vote came from the earliest tree.
 */
function addMajorityVote(graph: GraphWriter, votes: string, treeCount: number, classCount: number): void {
  graph.output({ name: 'label', elementType: 'int64', shape: [BATCH] });
  graph.output({ name: 'probabilities', elementType: 'float32', shape: [BATCH, classCount] });
  const classIds = graph.constant(
    'class_ids',
    'float32',
    [classCount],
    Array.from({ length: classCount }, (_, k) => k)
  );
  const votesAxis = graph.constant('votes_axis', 'int64', [1], [2]);
  const treeAxis = graph.constant('tree_axis', 'int64', [1], [1]);
  const treeAxisScalar = graph.constant('tree_axis_scalar', 'int64', [], [1]);

  const voteColumn = graph.op('Unsqueeze', [votes, votesAxis], {}, 'vote_column'); // [batch, trees, 1]
  const oneHot = graph.op('Cast', [graph.op('Equal', [voteColumn, classIds])], { to: attr.int(CAST_TO.float32) }, 'one_hot_votes'); // [batch, trees, classes]
  const runningCounts = graph.op('CumSum', [oneHot, treeAxisScalar], {}, 'running_counts');
  const counts = graph.op('ReduceSum', [oneHot, treeAxis], { keepdims: attr.int(0) }, 'vote_counts'); // [batch, classes]
  const topCount = graph.op('ReduceMax', [counts], { axes: attr.ints([1]), keepdims: attr.int(1) }, 'top_count'); // [batch, 1]
  const reachedTop = graph.op('Equal', [runningCounts, graph.op('Unsqueeze', [topCount, treeAxis])]);
  const reachedAt = graph.op('ArgMax', [graph.op('Cast', [reachedTop], { to: attr.int(CAST_TO.float32) })], {
    axis: attr.int(1),
    keepdims: attr.int(0),
    select_last_index: attr.int(0)
  }); // [batch, classes]: first tree at which each class's count equals the top count (0 when it never does)
  const isTop = graph.op('Equal', [counts, topCount]);
  const never = graph.constant('never', 'float32', [], [treeCount]);
  const reachedAtOrNever = graph.op('Where', [isTop, graph.op('Cast', [reachedAt], { to: attr.int(CAST_TO.float32) }), never]);
  graph.op('ArgMin', [reachedAtOrNever], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) }, 'label');
  graph.op('Div', [counts, graph.constant('tree_count', 'float32', [], [treeCount])], {}, 'probabilities');
}
