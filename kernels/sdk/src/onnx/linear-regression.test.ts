import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { InferenceSession } from 'onnxruntime-node';
import { OnnxExportError } from './errors';
import { fromLinearRegression } from './linear-regression';
import { asFloat32, expectClose, flights, predictInNode } from './test-support';

const train = flights(0, 1500);
const heldOut = flights(4000, 500);
const testX = asFloat32(heldOut.x);

describe('fromLinearRegression', () => {
  it('predicts what the library predicts on held-out flights', async () => {
    const model = new MultivariateLinearRegression(
      train.x,
      train.delayHours.map((d) => [d])
    );
    const bytes = fromLinearRegression(model, { featureNames: train.featureNames });
    const { prediction } = await predictInNode(bytes, testX);
    expect((prediction as number[][])[0]).toHaveLength(1);
    expectClose(prediction, model.predict(testX));
    // The library's own type declarations omit inputs/outputs/intercept: weights alone give the same model.
    expect(fromLinearRegression({ weights: model.weights }, { featureNames: train.featureNames })).toEqual(bytes);
  });

  it('exports several outputs and a model without an intercept', async () => {
    const targets = train.x.map((r, i) => [train.delayHours[i], r[0] * 2 - r[1]]);
    const model = new MultivariateLinearRegression(train.x, targets, { intercept: false });
    const { prediction } = await predictInNode(fromLinearRegression(model), testX);
    expectClose(prediction, model.predict(testX));
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
