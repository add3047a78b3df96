import { describe, finiteNumber } from './checks';
import { OnnxExportError } from './errors';
import type { StartedGraph } from './export-options';
import { ceilFloat32 } from './float32';
import { ML_DOMAIN, attr, type Attribute } from './model-writer';
import type { Precision } from './precision';

/**
 * A node of an ml-cart tree (DecisionTreeRegression / DecisionTreeClassifier `root`, live or from
 * toJSON). A node with both children is a split: ml-cart sends a row left when
 * `row[splitColumn] < splitValue`, right otherwise (NaN goes right). Any other node is a leaf whose
 * `distribution` is the prediction: a number for regression, class frequencies (a 1 × classes
 * Matrix or array) for classification.
 */
export interface CartNodeLike {
  splitColumn?: number;
  splitValue?: number;
  left?: CartNodeLike;
  right?: CartNodeLike;
  distribution?: unknown;
}

/** What one leaf adds to the ensemble's outputs. */
export interface LeafContribution {
  target: number;
  weight: number;
}

/** One tree to write: `featureOf` maps the tree's column numbers to the model input's columns. */
export interface TreeToWrite {
  root: CartNodeLike | undefined;
  featureOf: (column: number) => number;
  leaf: (node: CartNodeLike, where: string) => LeafContribution[];
}

/**
 * The ai.onnx.ml TreeEnsembleRegressor attributes for ml-cart trees. Every split uses BRANCH_LT
 * (ml-cart's `<`); NaN goes to the false branch, i.e. right, as in ml-cart.
 *
 * - float32: the operator compares the float32 input against float32 thresholds. Each threshold is
 *   rounded UP to the nearest float32 (ceilFloat32), so for every float32 feature value x,
 *   `x < threshold32` ⇔ `x < splitValue` in float64: the ONNX model takes the same branch as the
 *   JavaScript tree for every input it can receive. (A float64 row that is not a float32 value is
 *   rounded when it becomes the float32 input; the guarantee is for the rounded row, which is what
 *   both sides then see.) Leaf weights are float32 and summed in float32: outputs match the
 *   JavaScript float64 result within EXPORT_TOLERANCE.float32.
 * - float64: thresholds, leaf weights and base values are float64 tensors (`*_as_tensor`) and the
 *   operator compares the input cast to float64, so every split is ml-cart's own comparison and the
 *   sum is float64, rounded to float32 once (the operator's output is float32).
 */
export function treeEnsembleAttributes(trees: readonly TreeToWrite[], featureCount: number, kind: string, precision: Precision) {
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[]
  };
  const targets = { treeIds: [] as number[], nodeIds: [] as number[], ids: [] as number[], weights: [] as number[] };

  trees.forEach((tree, treeId) => {
    if (!tree.root || typeof tree.root !== 'object') {
      throw new OnnxExportError(`${kind}: tree ${treeId} has no root node; train the model before exporting`);
    }
    // Depth-first with an explicit stack: unlimited-depth ml-cart trees can be deeper than the call stack allows.
    const pending: Array<{ node: CartNodeLike; id: number; path: string }> = [{ node: tree.root, id: 0, path: 'root' }];
    let nextId = 1;
    while (pending.length > 0) {
      const { node, id, path } = pending.pop()!;
      const where = `${kind}: tree ${treeId} node ${path}`;
      nodes.treeIds.push(treeId);
      nodes.nodeIds.push(id);
      if (node.left && node.right) {
        const column = node.splitColumn;
        if (typeof column !== 'number' || !Number.isInteger(column) || column < 0) {
          throw new OnnxExportError(`${where}: splitColumn must be a column index; got ${describe(column)}`);
        }
        const feature = tree.featureOf(column);
        if (!Number.isInteger(feature) || feature < 0 || feature >= featureCount) {
          throw new OnnxExportError(
            `${where}: splits on feature ${feature < 0 ? `(none: column ${column} is outside the tree's feature bag)` : feature}, but the model input has ${featureCount} features`
          );
        }
        const leftId = nextId++;
        const rightId = nextId++;
        nodes.featureIds.push(feature);
        nodes.modes.push('BRANCH_LT');
        const splitValue = finiteNumber(node.splitValue, `${where}: splitValue`);
        nodes.values.push(precision === 'float32' ? ceilFloat32(splitValue) : splitValue);
        nodes.trueIds.push(leftId);
        nodes.falseIds.push(rightId);
        pending.push({ node: node.right, id: rightId, path: `${path}.right` }, { node: node.left, id: leftId, path: `${path}.left` });
      } else {
        nodes.featureIds.push(0);
        nodes.modes.push('LEAF');
        nodes.values.push(0);
        nodes.trueIds.push(0);
        nodes.falseIds.push(0);
        for (const { target, weight } of tree.leaf(node, where)) {
          targets.treeIds.push(treeId);
          targets.nodeIds.push(id);
          targets.ids.push(target);
          targets.weights.push(weight);
        }
      }
    }
  });

  return {
    nodes_treeids: attr.ints(nodes.treeIds),
    nodes_nodeids: attr.ints(nodes.nodeIds),
    nodes_featureids: attr.ints(nodes.featureIds),
    nodes_modes: attr.strings(nodes.modes),
    ...floats('nodes_values', nodes.values, precision),
    nodes_truenodeids: attr.ints(nodes.trueIds),
    nodes_falsenodeids: attr.ints(nodes.falseIds),
    target_treeids: attr.ints(targets.treeIds),
    target_nodeids: attr.ints(targets.nodeIds),
    target_ids: attr.ints(targets.ids),
    ...floats('target_weights', targets.weights, precision)
  };
}

/** A float attribute of the ensemble: `name` as float32 values, or `name_as_tensor` as a float64 tensor. */
function floats(name: string, values: readonly number[], precision: Precision): Record<string, Attribute> {
  return precision === 'float32' ? { [name]: attr.floats(values) } : { [`${name}_as_tensor`]: attr.tensor('float64', values) };
}

export interface RegressorSettings {
  targets: number;
  aggregate: 'SUM' | 'AVERAGE';
  baseValues?: number[];
}

/**
 * Adds a TreeEnsembleRegressor node reading the graph's input in its precision (float32, or cast to
 * float64); returns its output, float32 [batch, targets] in both precisions.
 */
export function addTreeEnsembleRegressor(
  started: StartedGraph,
  trees: readonly TreeToWrite[],
  kind: string,
  settings: RegressorSettings,
  output = 'tree_output'
): string {
  if (trees.length === 0) throw new OnnxExportError(`${kind}: the model has no trees; train it before exporting`);
  const attributes = {
    ...treeEnsembleAttributes(trees, started.featureCount, kind, started.precision),
    n_targets: attr.int(settings.targets),
    aggregate_function: attr.string(settings.aggregate),
    post_transform: attr.string('NONE'),
    ...(settings.baseValues ? floats('base_values', settings.baseValues, started.precision) : {})
  };
  return started.graph.op('TreeEnsembleRegressor', [started.computeInput()], attributes, output, ML_DOMAIN);
}

/** A regression leaf's value (ml-cart stores the mean of the leaf's training targets). */
export function regressionLeafValue(node: CartNodeLike, where: string): number {
  return finiteNumber(node.distribution, `${where}: leaf value`);
}
