import { checkRegisterForm, suggestedModelName, type IRegisterForm } from './form';

const FORM: IRegisterForm = {
  sourceKind: 'variable',
  sourceValue: ' onnxBytes ',
  name: ' flights-delay ',
  description: ' Linear regression on 7-day delays ',
  metrics: 'rmse = 4.25\n\nr2=0.9\nval/loss=1e-3',
  tags: 'team=flights\nnote = a=b'
};

describe('the Register model form', () => {
  it('turns the fields into a request: trimmed, metrics as numbers, tags as strings', () => {
    expect(checkRegisterForm(FORM)).toEqual({
      ok: true,
      request: {
        source: { kind: 'variable', name: 'onnxBytes' },
        name: 'flights-delay',
        description: 'Linear regression on 7-day delays',
        metrics: { rmse: 4.25, r2: 0.9, 'val/loss': 0.001 },
        tags: { team: 'flights', note: 'a=b' }
      }
    });
    expect(checkRegisterForm({ ...FORM, sourceKind: 'file', sourceValue: 'models/delay.onnx', metrics: '', tags: '' })).toMatchObject({
      ok: true,
      request: { source: { kind: 'file', path: 'models/delay.onnx' }, metrics: {}, tags: {} }
    });
  });

  it('names every problem at once', () => {
    const check = checkRegisterForm({
      ...FORM,
      sourceValue: 'onnx bytes',
      name: '-bad name',
      metrics: 'rmse=NaN\nauc=Infinity\nno equals sign\nbad*key=1\nr2=0.5\nr2=0.6\nempty=',
      tags: 'ok=yes\nok=again'
    });
    expect(check).toEqual({
      ok: false,
      problems: [
        '"onnx bytes" is not a variable name.',
        'Model name "-bad name": use letters, digits, "_", "." or "-", starting with a letter or digit, at most 128 characters.',
        'Metric rmse: "NaN" is not a finite number.',
        'Metric auc: "Infinity" is not a finite number.',
        'Metrics, line 3: write key=value.',
        'Metric key "bad*key": use letters, digits, spaces, "_", ".", "-" or "/" (1 to 250 characters).',
        'Metric r2 is given twice.',
        'Metric empty: "" is not a finite number.',
        'Tag ok is given twice.'
      ]
    });
    expect(checkRegisterForm({ ...FORM, sourceKind: 'file', sourceValue: ' ', name: '' })).toEqual({
      ok: false,
      problems: ['Give the path of the ONNX file.', 'Give the model a name.']
    });
  });

  it('suggests a valid model name from the notebook file name', () => {
    expect(suggestedModelName('work/Flights Delay (v2).ipynb')).toBe('Flights-Delay-v2');
    expect(suggestedModelName('__train.ipynb')).toBe('train');
    expect(checkRegisterForm({ ...FORM, name: suggestedModelName('work/Flights Delay (v2).ipynb') }).ok).toBe(true);
  });
});
