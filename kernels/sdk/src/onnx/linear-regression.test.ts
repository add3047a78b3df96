import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { InferenceSession } from 'onnxruntime-node';
import { OnnxExportError } from './errors';
import { fromLinearRegression } from './linear-regression';
import { EXPORT_TOLERANCE, PRECISIONS } from './precision';
import { asFloat32, expectClose, flights, predictInNode } from './test-support';

const train = flights(0, 1500);
const heldOut = flights(4000, 500);
const testX = asFloat32(heldOut.x);

describe('fromLinearRegression', () => {
  it.each(PRECISIONS)('predicts what the library predicts on held-out flights, in %s', async (precision) => {
    const model = new MultivariateLinearRegression(
      train.x,
      train.delayHours.map((d) => [d])
    );
    const bytes = fromLinearRegression(model, { featureNames: train.featureNames, precision });
    const { prediction } = await predictInNode(bytes, testX);
    expect((prediction as number[][])[0]).toHaveLength(1);
    expectClose(prediction, model.predict(testX), EXPORT_TOLERANCE[precision]);
    // The library's own type declarations omit inputs/outputs/intercept: weights alone give the same model.
    expect(fromLinearRegression({ weights: model.weights }, { featureNames: train.featureNames, precision })).toEqual(bytes);
  });

  it.each(PRECISIONS)('exports several outputs and a model without an intercept, in %s', async (precision) => {
    const targets = train.x.map((r, i) => [train.delayHours[i], r[0] * 2 - r[1]]);
    const model = new MultivariateLinearRegression(train.x, targets, { intercept: false });
    const { prediction } = await predictInNode(fromLinearRegression(model, { precision }), testX);
    expectClose(prediction, model.predict(testX), EXPORT_TOLERANCE[precision]);
  });

  it('keeps float64 precision where large terms cancel, which float32 cannot (why the option exists)', async () => {
    // 1000.1·x0 − 1000·x1 at x0 ≈ x1 ≈ 1e3: terms of 1e6 cancel to about 100; float32 keeps ~7 digits of the terms.
    const model = { weights: [[1000.1], [-1000], [0.3]] };
    const rows = asFloat32([
      [1000.5, 1000.25],
      [999.75, 1000.125],
      [1234.5, 1234.375]
    ]);
    const expected = rows.map(([a, b]) => [1000.1 * a - 1000 * b + 0.3]);
    const wide = await predictInNode(fromLinearRegression(model, { precision: 'float64' }), rows);
    expectClose(wide.prediction, expected, EXPORT_TOLERANCE.float64);
    const narrow = await predictInNode(fromLinearRegression(model), rows);
    expect(() => expectClose(narrow.prediction, expected, EXPORT_TOLERANCE.float32)).toThrow(/relative difference/);
  });

  it('declares a float32 input with a symbolic batch dimension', async () => {
    const model = new MultivariateLinearRegression(
      train.x,
      train.delayHours.map((d) => [d])
    );
    const session = await InferenceSession.create(fromLinearRegression(model, { inputName: 'features' }));
    try {
      expect(session.inputNames).toEqual(['features']);
      expect(session.outputNames).toEqual(['prediction']);
      expect(session.inputMetadata[0]).toMatchObject({ isTensor: true, type: 'float32', shape: ['batch', 5] });
      expect(session.outputMetadata[0]).toMatchObject({ isTensor: true, type: 'float32', shape: ['batch', 1] });
    } finally {
      await session.release();
    }
  });

  it('refuses what is not a trained model, and names the problem', () => {
    expect(() => fromLinearRegression({} as never)).toThrow(/expected a trained ml-regression-multivariate-linear model/);
    const model = new MultivariateLinearRegression(
      train.x,
      train.delayHours.map((d) => [d])
    );
    expect(() => fromLinearRegression(model, { featureNames: ['hour'] })).toThrow(OnnxExportError);
    expect(() => fromLinearRegression(model, { featureNames: ['hour'] })).toThrow(
      /featureNames has 1 names but the model takes 5 features/
    );
    const broken = { ...model.toJSON(), weights: model.weights.map((r) => r.map(() => NaN)) } as never;
    expect(() => fromLinearRegression(broken)).toThrow(/weights row 0\[0\] must be a finite number; got NaN/);
  });
});
