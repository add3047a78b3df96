import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { gradientBoosting } from '../train/gradient-boosting';
import type { ExportOptions } from './export-options';
import { fromGradientBoosting } from './gradient-boosting';
import { fromLinearRegression } from './linear-regression';
import { fromLogisticRegression } from './logistic-regression';
import { fromMlp, type DenseLayer } from './mlp';
import { fromRandomForest } from './random-forest';
import { float64Parts, interfaceOf } from './test-graph';
import { flights } from './test-support';

const train = flights(0, 200);
const dense = (inputs: number, outputs: number, activation: DenseLayer['activation']): DenseLayer => ({
  weights: Array.from({ length: inputs }, (_, i) => Array.from({ length: outputs }, (_, j) => ((i + 2 * j) % 5) / 5 - 0.4)),
  bias: new Array<number>(outputs).fill(0.1),
  activation
});
const forest = (Forest: typeof RandomForestRegression | typeof RandomForestClassifier, y: number[]) => {
  const model = new Forest({ nEstimators: 3, seed: 1, noOOB: true, treeOptions: { maxDepth: 3 } });
  model.train(train.x, y);
  return model;
};

/** One export of every exporter and output kind, each as a function of the options. */
const exporters: Array<[string, (options: ExportOptions) => Uint8Array]> = [
  ['linear regression', (o) => fromLinearRegression({ weights: [[1], [2], [3], [4], [5], [0.5]] }, o)],
  [
    'logistic one-vs-rest',
    (o) => fromLogisticRegression({ numberClasses: 2, classifiers: [{ weights: [[1, -1, 2]] }, { weights: [[0, 1, 1]] }] }, o)
  ],
  ['logistic binary', (o) => fromLogisticRegression({ weights: [0.5, -0.25, 1] }, { ...o, interceptColumn: 2 })],
  ['mlp regression', (o) => fromMlp({ layers: [dense(5, 4, 'relu'), dense(4, 1, 'identity')] }, o)],
  ['mlp softmax', (o) => fromMlp({ layers: [dense(5, 4, 'tanh'), dense(4, 3, 'softmax')] }, { ...o, classifier: true })],
  ['mlp sigmoid', (o) => fromMlp({ layers: [dense(5, 1, 'sigmoid')] }, { ...o, classifier: true })],
  ['random forest regression', (o) => fromRandomForest(forest(RandomForestRegression, train.delayHours), o)],
  ['random forest classifier', (o) => fromRandomForest(forest(RandomForestClassifier, train.punctuality), o)],
  ['gradient boosting', (o) => fromGradientBoosting(gradientBoosting(train.x, train.delayHours, { nEstimators: 3, maxDepth: 2 }), o)],
  [
    'gradient boosting logistic',
    (o) => fromGradientBoosting(gradientBoosting(train.x, train.late, { loss: 'logistic', nEstimators: 3, maxDepth: 2 }), o)
  ]
];

describe.each(exporters)('the %s export', (_, exportWith) => {
  it('is float32 throughout by default: no float64 input, output, initializer, attribute or Cast to double', () => {
    expect(float64Parts(exportWith({}))).toEqual([]);
    expect(exportWith({ precision: 'float32' })).toEqual(exportWith({}));
  });

  it('computes in float64 only when asked, behind the same float32 input and outputs', () => {
    const wide = exportWith({ precision: 'float64' });
    expect(float64Parts(wide)).toEqual(expect.arrayContaining([expect.stringMatching(/^Cast to double /)]));
    expect(interfaceOf(wide)).toEqual(interfaceOf(exportWith({})));
  });
});

it('refuses an unknown precision, naming the choices', () => {
  expect(() => fromMlp({ layers: [dense(2, 1, 'identity')] }, { precision: 'float16' as never })).toThrow(
    /mlp: precision must be 'float32' or 'float64'; got "float16"/
  );
});
