import { assignedNames, likelyOnnxVariable, onnxPaths } from './cell-source';

const TRAINING_CELL = `// Train a linear regression and export it
import { writeFileSync } from 'fs';
import { exportLinearRegression } from '@mlportal/sdk';
const { x, y: targets } = data;
let model = train(x, targets);
const onnxBytes: Uint8Array = exportLinearRegression(model, { inputName: 'features' });
writeFileSync('models/delay.onnx', onnxBytes);
model = retrain(model); // reassigned
if (model == null) throw new Error('no model');
const render = (v: number) => v * 2;
/* const ignored = 'commented-out.onnx'; */
onnxBytes`;

describe('reading a cell for its model', () => {
  it('finds the names the cell declares or assigns, in order, once each', () => {
    expect(assignedNames(TRAINING_CELL)).toEqual(['x', 'targets', 'model', 'onnxBytes', 'render']);
  });

  it('finds .onnx paths spelled as string literals, not those in comments or templates with placeholders', () => {
    expect(onnxPaths(TRAINING_CELL)).toEqual(['models/delay.onnx']);
    expect(onnxPaths('save("a.onnx"); save(`b.onnx`); save(`${dir}/c.onnx`); const url = "http://x/y.onnx"')).toEqual([
      'a.onnx',
      'b.onnx',
      'http://x/y.onnx'
    ]);
  });

  it('prefers a variable whose name says onnx, else the last one assigned', () => {
    expect(likelyOnnxVariable(assignedNames(TRAINING_CELL))).toBe('onnxBytes');
    expect(likelyOnnxVariable(['model', 'bytes'])).toBe('bytes');
    expect(likelyOnnxVariable([])).toBeNull();
  });
});
