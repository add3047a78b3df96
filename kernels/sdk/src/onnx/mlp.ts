import { describe, finiteMatrix, finiteVector } from './checks';
import { OnnxExportError } from './errors';
import { CAST_TO, startGraph, type ExportOptions } from './export-options';
import { BATCH, attr, type Attribute } from './model-writer';

/** Activations a dense layer may use; softmax normalizes over the layer's outputs. */
export const ACTIVATIONS = ['identity', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** One dense layer: output_j = activation(bias_j + Σ_i input_i · weights[i][j]). */
export interface DenseLayer {
  /** [inputs][outputs]: weights[i][j] connects input i to output j. */
  weights: number[][];
  bias: number[];
  activation: Activation;
}

/** Plain MLP weights, from train.mlp or any other trainer. */
export interface MlpWeights {
  layers: DenseLayer[];
}

export interface MlpExportOptions extends ExportOptions {
  /**
   * Also write "label" int64 [batch] and "probabilities" float32 [batch, classes] instead of
   * "prediction". Needs a last layer with softmax (label = the first most probable class) or a single
   * sigmoid unit (label = 1 when p ≥ 0.5; probabilities [1 − p, p]).
   */
  classifier?: boolean;
}

const KIND = 'mlp';

const ONNX_ACTIVATION: Record<Exclude<Activation, 'identity'>, string> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softmax: 'Softmax'
};

/**
 * A multilayer perceptron as ONNX: MatMul + Add + activation per layer, in float32, or with
 * `precision: 'float64'` in float64 rounded to float32 at the end (see EXPORT_TOLERANCE). Output
 * "prediction" float32 [batch, outputs], or with `classifier: true` "label" and "probabilities".
 *
 * @example
 * ```ts
 * const net = train.mlp(trainX, labels, { hidden: [16], output: 'softmax', epochs: 200, seed: 1 });
 * const bytes = onnx.fromMlp(net, { classifier: true });
 * // or plain weights from elsewhere:
 * onnx.fromMlp({ layers: [{ weights: [[0.5], [-1]], bias: [0.1], activation: 'sigmoid' }] });
 * ```
 */
export function fromMlp(model: MlpWeights, options: MlpExportOptions = {}): Uint8Array {
  const layers = checkLayers(model);
  const last = layers[layers.length - 1];
  const outputs = last.bias.length;
  const started = startGraph(KIND, layers[0].weights.length, options);
  const { graph } = started;

  let classifierKind: 'softmax' | 'sigmoid' | null = null;
  if (options.classifier) {
    if (last.activation === 'softmax') classifierKind = 'softmax';
    else if (last.activation === 'sigmoid' && outputs === 1) classifierKind = 'sigmoid';
    else {
      throw new OnnxExportError(
        `${KIND}: classifier export needs a last layer with softmax, or a single sigmoid unit; the last layer has ${outputs} ${last.activation} units`
      );
    }
    graph.output({ name: 'label', elementType: 'int64', shape: [BATCH] });
    graph.output({ name: 'probabilities', elementType: 'float32', shape: [BATCH, classifierKind === 'softmax' ? outputs : 2] });
  } else {
    graph.output({ name: 'prediction', elementType: 'float32', shape: [BATCH, outputs] });
  }

  // The last layer's op writes the graph output itself, unless a sigmoid classifier builds its probabilities from it.
  const lastOutput = classifierKind === null ? 'prediction' : classifierKind === 'softmax' ? 'probabilities' : null;
  let activations = started.computeInput();
  layers.forEach((layer, l) => {
    const emit = (opType: string, inputs: string[], attributes: Record<string, Attribute>, name: string) =>
      l === layers.length - 1 && lastOutput
        ? started.floatOutput(opType, inputs, attributes, lastOutput)
        : graph.op(opType, inputs, attributes, name);
    const weights = started.floatConstant(`layer${l}_weights`, [layer.weights.length, layer.bias.length], layer.weights.flat());
    const bias = started.floatConstant(`layer${l}_bias`, [layer.bias.length], layer.bias);
    const product = graph.op('MatMul', [activations, weights], {}, `layer${l}_product`);
    activations =
      layer.activation === 'identity'
        ? emit('Add', [product, bias], {}, `layer${l}_sum`)
        : emit(
            ONNX_ACTIVATION[layer.activation],
            [graph.op('Add', [product, bias], {}, `layer${l}_sum`)],
            layer.activation === 'softmax' ? { axis: attr.int(-1) } : {},
            `layer${l}_output`
          );
  });

  if (classifierKind === 'softmax') {
    graph.op('ArgMax', [activations], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) }, 'label');
  } else if (classifierKind === 'sigmoid') {
    const isPositive = graph.op('GreaterOrEqual', [activations, started.floatConstant('half', [], [0.5])]);
    const labelColumn = graph.op('Cast', [isPositive], { to: attr.int(CAST_TO.int64) });
    graph.op('Squeeze', [labelColumn, graph.constant('column_axis', 'int64', [1], [1])], {}, 'label');
    const negative = graph.op('Sub', [started.floatConstant('one', [], [1]), activations]);
    started.floatOutput('Concat', [negative, activations], { axis: attr.int(1) }, 'probabilities');
  }
  return started.finish();
}

/** The layers, checked: known activations, finite numbers, and each layer as wide as the next one's inputs. */
export function checkLayers(model: MlpWeights): DenseLayer[] {
  if (typeof model !== 'object' || model === null || !Array.isArray(model.layers) || model.layers.length === 0) {
    throw new OnnxExportError(
      `${KIND}: expected {layers: [{weights, bias, activation}, …]} with at least one layer; got ${describe(model)}`
    );
  }
  return model.layers.map((layer, l) => {
    const where = `${KIND}: layer ${l}`;
    if (!ACTIVATIONS.includes(layer?.activation)) {
      throw new OnnxExportError(`${where}: unsupported activation ${describe(layer?.activation)}; use one of ${ACTIVATIONS.join(', ')}`);
    }
    const bias = finiteVector(layer.bias, `${where} bias`);
    const expectedInputs = l === 0 ? undefined : model.layers[l - 1].bias?.length;
    const weights = finiteMatrix(layer.weights, `${where} weights`, expectedInputs, bias.length);
    return { weights, bias, activation: layer.activation };
  });
}
