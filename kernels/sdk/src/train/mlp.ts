import { firstMaxIndex } from '../onnx/argmax';
import { positiveInteger } from '../onnx/checks';
import { OnnxExportError } from '../onnx/errors';
import type { Activation, DenseLayer, MlpWeights } from '../onnx/mlp';
import { checkPositive, checkRows } from './data';
import { seededRandom, shuffledIndices } from './random';

export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';
/** identity: regression (squared error); sigmoid: 0/1 labels (cross-entropy); softmax: class labels 0…K−1 (cross-entropy). */
export type OutputActivation = 'identity' | 'sigmoid' | 'softmax';

export interface MlpOptions {
  /** Units per hidden layer; default [16]. [] trains a single dense layer. */
  hidden?: number[];
  /** Hidden-layer activation; default 'relu'. */
  activation?: HiddenActivation;
  /** Output activation, which also picks the loss; default 'identity'. */
  output?: OutputActivation;
  /** Passes over the data; default 100. */
  epochs?: number;
  /** Rows per Adam step; default 32. */
  batchSize?: number;
  /** Adam step size; default 0.01. */
  learningRate?: number;
  /** Seed for the initial weights and the batch order; default 1. */
  seed?: number;
  /**
   * Train on standardized features (default true). The scaling is folded into the first layer's
   * weights afterwards, so the model (and its ONNX export) takes raw features.
   */
  standardize?: boolean;
}

/** A trained MLP: plain layers (what onnx.fromMlp exports) and a float64 forward pass. */
export class MlpModel implements MlpWeights {
  constructor(readonly layers: DenseLayer[]) {}

  /** The last layer's outputs, one row per input row. */
  predict(rows: number[][]): number[][] {
    return rows.map((row) => this.layers.reduce((input, layer) => activate(layer.activation, affine(input, layer)), row));
  }

  /** Softmax output: the first most probable class; single sigmoid unit: 1 when p ≥ 0.5. */
  predictClass(rows: number[][]): number[] {
    const last = this.layers[this.layers.length - 1];
    if (last.activation !== 'softmax' && !(last.activation === 'sigmoid' && last.bias.length === 1)) {
      throw new OnnxExportError(
        `predictClass needs a softmax output or a single sigmoid unit; this model ends with ${last.bias.length} ${last.activation} units`
      );
    }
    return this.predict(rows).map((out) => (last.activation === 'softmax' ? firstMaxIndex(out) : out[0] >= 0.5 ? 1 : 0));
  }
}

/**
 * Trains a small MLP with mini-batch Adam in float64. Targets: for 'identity' one number per row
 * (or number[] per row for several outputs); for 'sigmoid' 0/1 per row; for 'softmax' a class
 * index 0…K−1 per row.
 *
 * @example
 * ```ts
 * const net = train.mlp(trainX, punctuality, { hidden: [16], output: 'softmax', epochs: 100, seed: 7 });
 * net.predictClass(testX);
 * const bytes = onnx.fromMlp(net, { classifier: true });
 * ```
 */
export function mlp(x: number[][], y: number[] | number[][], options: MlpOptions = {}): MlpModel {
  const what = 'mlp';
  const featureCount = checkRows(x, what);
  const output = options.output ?? 'identity';
  const activation = options.activation ?? 'relu';
  if (!['identity', 'sigmoid', 'softmax'].includes(output))
    throw new OnnxExportError(`${what}: output must be identity, sigmoid or softmax; got ${String(output)}`);
  if (!['relu', 'tanh', 'sigmoid'].includes(activation))
    throw new OnnxExportError(`${what}: activation must be relu, tanh or sigmoid; got ${String(activation)}`);
  const targets = targetRows(y, x.length, output, what);
  const hidden = (options.hidden ?? [16]).map((units, i) => positiveInteger(units, `${what}: hidden[${i}]`));
  const epochs = positiveInteger(options.epochs ?? 100, `${what}: epochs`);
  const batchSize = positiveInteger(options.batchSize ?? 32, `${what}: batchSize`);
  const learningRate = checkPositive(options.learningRate ?? 0.01, `${what}: learningRate`);
  const random = seededRandom(options.seed ?? 1);

  const scaling = options.standardize === false ? null : columnScaling(x);
  const inputs = scaling ? x.map((row) => row.map((v, i) => (v - scaling.means[i]) / scaling.deviations[i])) : x;
  const widths = [featureCount, ...hidden, targets[0].length];
  const layers: DenseLayer[] = widths.slice(1).map((units, l) => ({
    weights: initialWeights(widths[l], units, activation, random),
    bias: new Array<number>(units).fill(0),
    activation: l === hidden.length ? output : activation
  }));

  const adam = new Adam(layers, learningRate);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffledIndices(inputs.length, random);
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      adam.step(
        gradients(
          layers,
          batch.map((i) => inputs[i]),
          batch.map((i) => targets[i])
        )
      );
    }
  }
  if (scaling) foldScaling(layers[0], scaling);
  return new MlpModel(layers);
}

function targetRows(y: number[] | number[][], rowCount: number, output: OutputActivation, what: string): number[][] {
  if (!Array.isArray(y) || y.length !== rowCount) throw new OnnxExportError(`${what}: y must have one target per row (${rowCount})`);
  const rows = y.map((t) => (Array.isArray(t) ? t : [t]));
  const width = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== width || row.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new OnnxExportError(`${what}: y[${i}] must be ${width} finite number(s) like y[0]`);
    }
  });
  if (output === 'sigmoid' && rows.some((row) => row.some((v) => v !== 0 && v !== 1)))
    throw new OnnxExportError(`${what}: a sigmoid output needs 0/1 targets`);
  if (output !== 'softmax') return rows;
  if (width !== 1 || rows.some(([v]) => !Number.isInteger(v) || v < 0))
    throw new OnnxExportError(`${what}: a softmax output needs one class index (0, 1, 2, …) per row`);
  const classes = Math.max(...rows.map(([v]) => v)) + 1;
  if (classes < 2) throw new OnnxExportError(`${what}: a softmax output needs at least two classes`);
  return rows.map(([v]) => Array.from({ length: classes }, (_, k) => (k === v ? 1 : 0)));
}

function initialWeights(inputs: number, outputs: number, activation: HiddenActivation, random: () => number): number[][] {
  // He initialisation for relu, Glorot for the saturating activations.
  const limit = activation === 'relu' ? Math.sqrt(6 / inputs) : Math.sqrt(6 / (inputs + outputs));
  return Array.from({ length: inputs }, () => Array.from({ length: outputs }, () => (random() * 2 - 1) * limit));
}

function affine(input: number[], layer: DenseLayer): number[] {
  return layer.bias.map((b, j) => {
    let sum = 0;
    for (let i = 0; i < input.length; i++) sum += input[i] * layer.weights[i][j];
    return sum + b;
  });
}

function activate(activation: Activation, z: number[]): number[] {
  switch (activation) {
    case 'identity':
      return z;
    case 'relu':
      return z.map((v) => (v > 0 ? v : 0));
    case 'sigmoid':
      return z.map((v) => 1 / (1 + Math.exp(-v)));
    case 'tanh':
      return z.map(Math.tanh);
    case 'softmax': {
      const max = Math.max(...z);
      const exps = z.map((v) => Math.exp(v - max));
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / total);
    }
  }
}

/** d activation / d z, from the activation's output. */
function derivative(activation: Activation, a: number): number {
  if (activation === 'relu') return a > 0 ? 1 : 0;
  if (activation === 'sigmoid') return a * (1 - a);
  if (activation === 'tanh') return 1 - a * a;
  return 1;
}

interface LayerGradient {
  weights: number[][];
  bias: number[];
}

/**
 * Mean-loss gradients for one batch by backpropagation. The output activation is paired with its
 * matching loss (identity–squared error, sigmoid–binary cross-entropy, softmax–cross-entropy), for
 * which the output error is simply prediction − target.
 */
function gradients(layers: DenseLayer[], batch: number[][], targets: number[][]): LayerGradient[] {
  const grads = layers.map((layer) => ({ weights: layer.weights.map((row) => row.map(() => 0)), bias: layer.bias.map(() => 0) }));
  for (let r = 0; r < batch.length; r++) {
    const outputs: number[][] = [batch[r]];
    for (const layer of layers) outputs.push(activate(layer.activation, affine(outputs[outputs.length - 1], layer)));
    let delta = outputs[layers.length].map((a, j) => (a - targets[r][j]) / batch.length);
    for (let l = layers.length - 1; l >= 0; l--) {
      const input = outputs[l];
      for (let i = 0; i < input.length; i++) for (let j = 0; j < delta.length; j++) grads[l].weights[i][j] += input[i] * delta[j];
      for (let j = 0; j < delta.length; j++) grads[l].bias[j] += delta[j];
      if (l > 0) {
        const below = layers[l - 1].activation;
        delta = input.map((a, i) => layers[l].weights[i].reduce((s, w, j) => s + w * delta[j], 0) * derivative(below, a));
      }
    }
  }
  return grads;
}

/** Adam (Kingma & Ba) over every weight and bias, with the usual β1 0.9, β2 0.999, ε 1e-8. */
class Adam {
  private readonly moments: Array<{ m: LayerGradient; v: LayerGradient }>;
  private t = 0;

  constructor(
    private readonly layers: DenseLayer[],
    private readonly learningRate: number
  ) {
    const zeros = (layer: DenseLayer): LayerGradient => ({
      weights: layer.weights.map((row) => row.map(() => 0)),
      bias: layer.bias.map(() => 0)
    });
    this.moments = layers.map((layer) => ({ m: zeros(layer), v: zeros(layer) }));
  }

  step(grads: LayerGradient[]): void {
    this.t++;
    const correction1 = 1 - 0.9 ** this.t;
    const correction2 = 1 - 0.999 ** this.t;
    const update = (params: number[], grad: number[], m: number[], v: number[]) => {
      for (let k = 0; k < params.length; k++) {
        m[k] = 0.9 * m[k] + 0.1 * grad[k];
        v[k] = 0.999 * v[k] + 0.001 * grad[k] * grad[k];
        params[k] -= (this.learningRate * (m[k] / correction1)) / (Math.sqrt(v[k] / correction2) + 1e-8);
      }
    };
    this.layers.forEach((layer, l) => {
      const { m, v } = this.moments[l];
      layer.weights.forEach((row, i) => update(row, grads[l].weights[i], m.weights[i], v.weights[i]));
      update(layer.bias, grads[l].bias, m.bias, v.bias);
    });
  }
}

interface Scaling {
  means: number[];
  deviations: number[];
}

function columnScaling(x: number[][]): Scaling {
  const width = x[0].length;
  const means = Array.from({ length: width }, (_, i) => x.reduce((s, row) => s + row[i], 0) / x.length);
  const deviations = means.map((mean, i) => Math.sqrt(x.reduce((s, row) => s + (row[i] - mean) ** 2, 0) / x.length) || 1);
  return { means, deviations };
}

/** Rewrites a layer trained on (x − mean) / deviation so that it takes x directly. */
function foldScaling(layer: DenseLayer, { means, deviations }: Scaling): void {
  layer.bias = layer.bias.map((b, j) => b - layer.weights.reduce((s, row, i) => s + (row[j] * means[i]) / deviations[i], 0));
  layer.weights = layer.weights.map((row, i) => row.map((w) => w / deviations[i]));
}
