import { Matrix } from 'ml-matrix';
import { OnnxExportError } from './errors';
import { fromLogisticRegression } from './logistic-regression';
import { EXPORT_TOLERANCE, PRECISIONS } from './precision';
import { asFloat32, clusters, expectBinaryOutputs, expectClose, expectLabels, predictInNode, topMargins } from './test-support';

// ml-logistic-regression ships no type declarations: the part of its API these tests use.
interface TwoClasses {
  weights: Matrix | null;
  testScores(x: Matrix): number[];
  predict(x: Matrix): number[];
}
interface LogisticRegressionModel {
  numberClasses: number;
  classifiers: TwoClasses[];
  train(x: Matrix, y: Matrix): void;
  predict(x: Matrix): number[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- ml-logistic-regression ships no type declarations; the cast states the API used
const LogisticRegression = require('ml-logistic-regression') as new (options?: {
  numSteps?: number;
  learningRate?: number;
}) => LogisticRegressionModel;

const train = clusters(900, 3, 4, 17);
const heldOut = clusters(300, 3, 4, 18);
const withOnes = (rows: number[][]) => rows.map((r) => [...r, 1]);
// What an ONNX model with a float32 input receives; the TypeScript model is given the same values.
const testX = asFloat32(heldOut.x);
const trainX = new Matrix(withOnes(train.x));

function trained(labels: number[]): LogisticRegressionModel {
  const model = new LogisticRegression({ numSteps: 400, learningRate: 5e-4 });
  model.train(trainX, Matrix.columnVector(labels));
  return model;
}

describe('fromLogisticRegression', () => {
  const threeClasses = trained(train.label);

  it.each(PRECISIONS)('reproduces the one-vs-rest labels and per-class probabilities on held-out rows, in %s', async (precision) => {
    const bytes = fromLogisticRegression(threeClasses, { interceptColumn: 4, featureNames: ['a', 'b', 'c', 'd'], precision });
    const { label, probabilities } = await predictInNode(bytes, testX);
    const expectedLabels = threeClasses.predict(new Matrix(withOnes(testX)));
    expect(new Set(expectedLabels).size).toBeGreaterThan(1); // a model that predicts one class proves little
    const notClass = threeClasses.classifiers.map((c) => c.testScores(new Matrix(withOnes(testX))));
    const expectedProbabilities = testX.map((_, i) => notClass.map((scores) => 1 - scores[i]));
    expectLabels(label, expectedLabels, topMargins(expectedProbabilities), EXPORT_TOLERANCE[precision]);
    expectClose(probabilities, expectedProbabilities, EXPORT_TOLERANCE[precision]);
  });

  it('exports a saved (JSON) model; without interceptColumn the column of ones stays an input', async () => {
    const { label } = await predictInNode(
      fromLogisticRegression(JSON.parse(JSON.stringify(threeClasses)) as LogisticRegressionModel),
      withOnes(testX)
    );
    expect(label).toEqual(threeClasses.predict(new Matrix(withOnes(testX))));
  });

  it.each(PRECISIONS)('exports a single binary classifier with p ≥ 0.5 as label 1, in %s', async (precision) => {
    const binary = trained(train.label.map((k) => (k === 2 ? 1 : 0))).classifiers[0];
    const outputs = await predictInNode(fromLogisticRegression(binary, { interceptColumn: 4, precision }), testX);
    const rows = new Matrix(withOnes(testX));
    const p = binary.testScores(rows);
    expectBinaryOutputs(outputs, binary.predict(rows), p, EXPORT_TOLERANCE[precision]);
  });

  it('refuses untrained models and bad options, naming the problem', () => {
    expect(() => fromLogisticRegression(new LogisticRegression())).toThrow(OnnxExportError);
    expect(() => fromLogisticRegression(new LogisticRegression())).toThrow(/no classifiers; train it before exporting/);
    expect(() => fromLogisticRegression({ weights: null })).toThrow(/has no weights; train the model before exporting/);
    expect(() => fromLogisticRegression(threeClasses, { interceptColumn: 5 })).toThrow(
      /interceptColumn must be a column index from 0 to 4; got 5/
    );
    expect(() => fromLogisticRegression('model' as never)).toThrow(/expected an ml-logistic-regression LogisticRegression/);
  });
});
