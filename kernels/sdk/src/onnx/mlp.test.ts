import { MlpModel, mlp } from '../train/mlp';
import { seededRandom } from '../train/random';
import { OnnxExportError } from './errors';
import { fromMlp, type DenseLayer } from './mlp';
import { EXPORT_TOLERANCE, PRECISIONS } from './precision';
import { asFloat32, expectBinaryOutputs, expectClose, expectLabels, flights, predictInNode, topMargins } from './test-support';

const train = flights(0, 800);
const heldOut = flights(4000, 400);
const testX = asFloat32(heldOut.x);

describe.each(PRECISIONS)('fromMlp in %s', (precision) => {
  const tolerance = EXPORT_TOLERANCE[precision];

  it('exports a regression MLP trained with train.mlp', async () => {
    const net = mlp(train.x, train.delayHours, { hidden: [12, 6], activation: 'tanh', epochs: 15, seed: 3 });
    const { prediction } = await predictInNode(fromMlp(net, { featureNames: train.featureNames, precision }), testX);
    expectClose(prediction, net.predict(testX), tolerance);
  });

  it('exports a softmax classifier with its labels and probabilities', async () => {
    const net = mlp(train.x, train.punctuality, { hidden: [16], output: 'softmax', epochs: 20, seed: 5 });
    const { label, probabilities } = await predictInNode(fromMlp(net, { classifier: true, precision }), testX);
    const expectedLabels = net.predictClass(testX);
    expect(new Set(expectedLabels).size).toBeGreaterThan(1);
    expectLabels(label, expectedLabels, topMargins(net.predict(testX)), tolerance);
    expectClose(probabilities, net.predict(testX), tolerance);
  });

  it('exports a single sigmoid unit as a binary classifier', async () => {
    const net = mlp(train.x, train.late, { hidden: [8], activation: 'sigmoid', output: 'sigmoid', epochs: 20, seed: 9 });
    const outputs = await predictInNode(fromMlp(net, { classifier: true, precision }), testX);
    const p = net.predict(testX).map(([v]) => v);
    expectBinaryOutputs(outputs, net.predictClass(testX), p, tolerance);
  });

  it('exports plain weights with every activation', async () => {
    const random = seededRandom(42);
    const dense = (inputs: number, outputs: number, activation: DenseLayer['activation']): DenseLayer => ({
      weights: Array.from({ length: inputs }, () => Array.from({ length: outputs }, () => random() * 2 - 1)),
      bias: Array.from({ length: outputs }, () => random() - 0.5),
      activation
    });
    const layers = [dense(5, 7, 'relu'), dense(7, 6, 'tanh'), dense(6, 5, 'sigmoid'), dense(5, 4, 'identity'), dense(4, 3, 'softmax')];
    const { prediction } = await predictInNode(fromMlp({ layers }, { precision }), testX);
    expectClose(prediction, new MlpModel(layers).predict(testX), tolerance);
  });
});

describe('fromMlp', () => {
  it('refuses unsupported activations, mismatched layers, and classifiers without a probability output', () => {
    const layer = (inputs: number, outputs: number, activation: string) =>
      ({
        weights: Array.from({ length: inputs }, () => new Array(outputs).fill(0.1)),
        bias: new Array(outputs).fill(0),
        activation
      }) as DenseLayer;
    expect(() => fromMlp({ layers: [layer(2, 1, 'gelu')] })).toThrow(OnnxExportError);
    expect(() => fromMlp({ layers: [layer(2, 1, 'gelu')] })).toThrow(
      /layer 0: unsupported activation "gelu"; use one of identity, relu, sigmoid, tanh, softmax/
    );
    expect(() => fromMlp({ layers: [layer(2, 3, 'relu'), layer(4, 1, 'identity')] })).toThrow(/layer 1 weights has 4 rows, expected 3/);
    expect(() => fromMlp({ layers: [] })).toThrow(/at least one layer/);
    expect(() => fromMlp({ layers: [layer(2, 3, 'relu')] }, { classifier: true })).toThrow(
      /classifier export needs a last layer with softmax/
    );
    expect(() => mlp(train.x, train.delayHours, { output: 'softmax' })).toThrow(/a softmax output needs one class index/);
    expect(() => mlp(train.x, train.delayHours, { epochs: 0 })).toThrow(/epochs must be a whole number ≥ 1; got 0/);
  });
});
