import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { InferenceSession } from 'onnxruntime-node';
import { OnnxExportError } from './errors';
import { EXPORT_TOLERANCE, PRECISIONS } from './precision';
import { fromRandomForest, type RandomForestLike } from './random-forest';
import { asFloat32, expectClose, flights, predictInNode } from './test-support';

const train = flights(0, 500);
const heldOut = flights(4000, 500);
const testX = asFloat32(heldOut.x);

describe.each(PRECISIONS)('fromRandomForest in %s', (precision) => {
  it('averages regression trees, each on its own feature bag, as the library does', async () => {
    // maxFeatures 0.6 → each tree sees 3 of the 5 columns, drawn per tree.
    const forest = new RandomForestRegression({ nEstimators: 12, maxFeatures: 0.6, seed: 7, noOOB: true, treeOptions: { maxDepth: 6 } });
    forest.train(train.x, train.delayHours);
    expect(new Set(forest.indexes!.map((bag) => bag.join(','))).size).toBeGreaterThan(1);

    const { prediction } = await predictInNode(fromRandomForest(forest, { featureNames: train.featureNames, precision }), testX);
    expectClose(
      prediction,
      forest.predict(testX).map((v) => [v]),
      EXPORT_TOLERANCE[precision]
    );
  });

  it('reproduces the majority vote exactly, ties included', async () => {
    // An even number of trees over three classes: many rows end in a tied vote.
    const forest = new RandomForestClassifier({ nEstimators: 10, maxFeatures: 0.8, seed: 3, noOOB: true, treeOptions: { maxDepth: 5 } });
    forest.train(train.x, train.punctuality);
    const votes = forest.predictionValues(testX).to2DArray();
    const shares = votes.map((row) => [0, 1, 2].map((k) => row.filter((v) => v === k).length / row.length));
    // Rows where the tie rule matters: the library's label is not simply the first class with the most votes.
    const labels = forest.predict(testX);
    expect(shares.filter((s, i) => s.indexOf(Math.max(...s)) !== labels[i]).length).toBeGreaterThan(0);

    // Votes are whole numbers in either precision: the labels match exactly.
    const { label, probabilities } = await predictInNode(fromRandomForest(forest, { precision }), testX);
    expect(label).toEqual(labels);
    expectClose(probabilities, shares, EXPORT_TOLERANCE[precision]);
  });
});

describe('fromRandomForest', () => {
  it('exports a forest saved with toJSON() once told its feature count', async () => {
    const forest = new RandomForestClassifier({
      nEstimators: 5,
      maxFeatures: 3,
      replacement: false,
      seed: 5,
      noOOB: true,
      treeOptions: { maxDepth: 4 }
    });
    forest.train(train.x, train.late);
    const saved = JSON.parse(JSON.stringify(forest.toJSON())) as RandomForestLike;
    const { label } = await predictInNode(fromRandomForest(saved, { featureCount: 5 }), testX);
    expect(label).toEqual(forest.predict(testX));
  });

  it('declares its outputs and uses the ONNX-ML tree ensemble', async () => {
    const forest = new RandomForestClassifier({ nEstimators: 3, seed: 1, noOOB: true, treeOptions: { maxDepth: 3 } });
    forest.train(train.x, train.punctuality);
    const session = await InferenceSession.create(fromRandomForest(forest, { classCount: 4 }));
    try {
      expect(session.inputMetadata[0]).toMatchObject({ name: 'input', type: 'float32', shape: ['batch', 5] });
      expect(session.outputMetadata).toEqual([
        expect.objectContaining({ name: 'label', type: 'int64', shape: ['batch'] }),
        expect.objectContaining({ name: 'probabilities', type: 'float32', shape: ['batch', 4] })
      ]);
    } finally {
      await session.release();
    }
  });

  it('refuses untrained forests, median selection and too few features', () => {
    const untrained = new RandomForestRegression({ nEstimators: 3 });
    expect(() => fromRandomForest(untrained)).toThrow(OnnxExportError);
    expect(() => fromRandomForest(untrained)).toThrow(/no trained trees; call train\(\) before exporting/);

    const median = new RandomForestRegression({
      nEstimators: 2,
      selectionMethod: 'median',
      seed: 2,
      noOOB: true,
      treeOptions: { maxDepth: 2 }
    });
    median.train(train.x, train.delayHours);
    expect(() => fromRandomForest(median)).toThrow(/selectionMethod 'median' has no ONNX tree-ensemble equivalent/);

    const forest = new RandomForestRegression({ nEstimators: 2, seed: 2, noOOB: true, treeOptions: { maxDepth: 2 } });
    forest.train(train.x, train.delayHours);
    expect(() => fromRandomForest(forest, { featureCount: 2 })).toThrow(/featureCount is 2, but the trees use column 4/);
  });
});
