import { onnx as proto } from 'onnx-proto';
import { gradientBoosting } from '../train/gradient-boosting';
import { seededRandom } from '../train/random';
import { ceilFloat32, floorFloat32 } from './float32';
import { fromGradientBoosting } from './gradient-boosting';
import { fromMlp } from './mlp';
import { GraphWriter } from './model-writer';
import { predict } from './predict';

const linearLayer = { layers: [{ weights: [[1], [2], [3]], bias: [0.5], activation: 'identity' as const }] };

describe('the written ONNX model', () => {
  it('declares opset 17, IR version 8, producer mlportal, a symbolic batch dimension and the feature names', () => {
    const model = proto.ModelProto.decode(
      fromMlp(linearLayer, { inputName: 'features', featureNames: ['a', 'b', 'c'], description: 'three weights' })
    );
    expect(Number(model.irVersion)).toBe(8);
    expect(model.producerName).toBe('mlportal');
    expect(model.docString).toBe('three weights');
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(model.metadataProps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'feature_names', value: '["a","b","c"]' }),
        expect.objectContaining({ key: 'mlportal.model_kind', value: 'mlp' })
      ])
    );
    const input = model.graph!.input![0];
    expect(input.name).toBe('features');
    expect(input.type!.tensorType!.elemType).toBe(proto.TensorProto.DataType.FLOAT);
    expect(input.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 3]);
    expect(model.graph!.output!.map((o) => o.name)).toEqual(['prediction']);
  });

  it('imports ai.onnx.ml 3 when the graph uses a tree ensemble', () => {
    const model = gradientBoosting([[1], [2], [3], [4], [5], [6]], [1, 1, 2, 2, 3, 3], { nEstimators: 2, maxDepth: 2, minNumSamples: 1 });
    const decoded = proto.ModelProto.decode(fromGradientBoosting(model));
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 17],
      ['ai.onnx.ml', 3]
    ]);
    expect(decoded.graph!.node!.map((n) => n.opType)).toEqual(['TreeEnsembleRegressor']);
  });

  it('refuses an output named like the input, and an empty input name', () => {
    expect(() => fromMlp(linearLayer, { inputName: 'prediction' })).toThrow(/the output name "prediction" is already used in the graph/);
    expect(() => fromMlp(linearLayer, { inputName: ' ' })).toThrow(/inputName must be a non-empty string/);
    const graph = new GraphWriter('g');
    expect(() => graph.constant('c', 'float32', [2, 2], [1, 2, 3])).toThrow(/constant c has 3 values, but its shape \[2, 2\] needs 4/);
  });
});

describe('onnx.predict', () => {
  it('refuses rows of the wrong width before running the model', async () => {
    await expect(predict(fromMlp(linearLayer), [[1, 2]])).rejects.toThrow(
      /the rows have 2 features, but the model's input "input" takes 3/
    );
    await expect(predict(fromMlp(linearLayer), [[1, 2, 3], [1]])).rejects.toThrow(/row 1 has 1 features, row 0 has 3/);
    await expect(predict(fromMlp(linearLayer), [[1, 2, 3]], { inputName: 'x' })).rejects.toThrow(
      /the model has no input "x"; its inputs are input/
    );
  });
});

describe('float32 threshold rounding', () => {
  const float32Neighbours = (value: number): number[] => {
    const nearest = Math.fround(value);
    return [
      floorFloat32(nearest - Math.abs(nearest) * 1e-7),
      nearest,
      ceilFloat32(nearest + Math.abs(nearest) * 1e-7),
      floorFloat32(value),
      ceilFloat32(value)
    ];
  };

  it('keeps x < t for every float32 x when t is rounded up, and x <= t when rounded down', () => {
    const random = seededRandom(7);
    const thresholds = [
      0.1,
      1 / 3,
      -2.5e-8,
      1e30,
      -7.25,
      0,
      3.4028235677973366e38,
      ...Array.from({ length: 2000 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6))
    ];
    for (const t of thresholds) {
      const up = ceilFloat32(t);
      const down = floorFloat32(t);
      expect(Math.fround(up)).toBe(up);
      expect(Math.fround(down)).toBe(down);
      expect(up >= t && down <= t).toBe(true);
      for (const x of float32Neighbours(t)) {
        expect([x, x < up]).toEqual([x, x < t]);
        expect([x, x <= down]).toEqual([x, x <= t]);
      }
    }
  });

  it('rounds past the float32 range to ±Infinity, and keeps zero', () => {
    expect(ceilFloat32(3.5e38)).toBe(Infinity);
    expect(floorFloat32(-3.5e38)).toBe(-Infinity);
    expect(ceilFloat32(-3.5e38)).toBe(-3.4028234663852886e38);
    expect(ceilFloat32(0)).toBe(0);
    expect(ceilFloat32(1e-50)).toBe(1.401298464324817e-45);
    expect(floorFloat32(-1e-50)).toBe(-1.401298464324817e-45);
  });
});
