import { gradientBoosting } from '../train/gradient-boosting';
import { OnnxExportError } from './errors';
import { ceilFloat32, floorFloat32 } from './float32';
import { fromGradientBoosting, type GradientBoostingLike } from './gradient-boosting';
import { EXPORT_TOLERANCE, PRECISIONS } from './precision';
import { asFloat32, expectBinaryOutputs, expectClose, flights, predictInNode } from './test-support';

const train = flights(0, 400);
const heldOut = flights(4000, 500);
const testX = asFloat32(heldOut.x);

describe.each(PRECISIONS)('fromGradientBoosting in %s', (precision) => {
  const tolerance = EXPORT_TOLERANCE[precision];

  it('sums the boosted regression trees onto the base score', async () => {
    const model = gradientBoosting(train.x, train.delayHours, { nEstimators: 30, learningRate: 0.1, maxDepth: 3 });
    const { prediction } = await predictInNode(fromGradientBoosting(model, { featureNames: train.featureNames, precision }), testX);
    expectClose(
      prediction,
      model.predict(testX).map((v) => [v]),
      tolerance
    );
  });

  it('turns the logistic score into the same labels and probabilities', async () => {
    const model = gradientBoosting(train.x, train.late, { loss: 'logistic', nEstimators: 30, learningRate: 0.2, maxDepth: 3 });
    const outputs = await predictInNode(fromGradientBoosting(model, { precision }), testX);
    const expectedLabels = model.predict(testX);
    expect(new Set(expectedLabels).size).toBe(2);
    const p = model.predictProbability(testX);
    expectBinaryOutputs(outputs, expectedLabels, p, tolerance);
  });

  it('takes the same branch as ml-cart at and around a split value that float32 cannot hold', async () => {
    // Two neighbouring float32 values and the float64 midpoint between them, which rounds to the
    // nearest float32 (by ties-to-even) as `below`: a threshold rounded that way would send `below` right.
    const below = 0.75; // a float32 with an even significand, so the midpoint rounds down to it
    const above = ceilFloat32(below + 1e-9);
    const midpoint = (below + above) / 2;
    expect(Math.fround(midpoint)).toBe(below);
    const oneSplit = (splitValue: number): GradientBoostingLike => ({
      loss: 'squared-error',
      featureCount: 1,
      baseScore: 0,
      learningRate: 1,
      trees: [{ root: { splitColumn: 0, splitValue, left: { distribution: -1 }, right: { distribution: 1 } } }]
    });
    // ml-cart goes left when x < splitValue: below → left (−1), above → right (+1); x equal to a float32 split value → right.
    const { prediction } = await predictInNode(fromGradientBoosting(oneSplit(midpoint), { precision }), [[below], [above]]);
    expect(prediction).toEqual([[-1], [1]]);
    const atSplit = await predictInNode(fromGradientBoosting(oneSplit(0.5), { precision }), [[0.5], [floorFloat32(0.5 - 1e-9)]]);
    expect(atSplit.prediction).toEqual([[1], [-1]]);
  });
});

describe('fromGradientBoosting', () => {
  it('refuses models without trees, bad trees and bad training data', () => {
    expect(() => fromGradientBoosting({ loss: 'squared-error', featureCount: 2, baseScore: 0, learningRate: 0.1, trees: [] })).toThrow(
      /has no trees; train it before exporting/
    );
    const badColumn: GradientBoostingLike = {
      loss: 'squared-error',
      featureCount: 2,
      baseScore: 0,
      learningRate: 0.1,
      trees: [{ root: { splitColumn: 3, splitValue: 1, left: { distribution: 0 }, right: { distribution: 1 } } }]
    };
    expect(() => fromGradientBoosting(badColumn)).toThrow(/tree 0 node root: splits on feature 3, but the model input has 2 features/);
    expect(() => fromGradientBoosting({ ...badColumn, trees: [{ root: { distribution: NaN } }] })).toThrow(
      /tree 0 node root: leaf value must be a finite number; got NaN/
    );
    expect(() => gradientBoosting(train.x, train.delayHours, { loss: 'logistic' })).toThrow(OnnxExportError);
    expect(() => gradientBoosting(train.x, train.delayHours, { loss: 'logistic' })).toThrow(/needs labels 0 and 1/);
    expect(() => gradientBoosting([[1, 2], [3]], [0, 1])).toThrow(/x\[1\] has 1 features, x\[0\] has 2/);
    expect(() => gradientBoosting([[1], [2]], [0])).toThrow(/y must have one value per row \(2\)/);
  });
});
