import type { QueueStatus } from '@mlportal/sdk/core';
import { codeToSubmit, type ICellInfo } from './cells';
import { checkSubmitForm, describeQueue, suggestedJobName, type ISubmitForm } from './form';
import { cellLanguage } from './language';

const CELLS: ICellInfo[] = [
  { type: 'markdown', source: '# Train', tags: ['setup'] },
  { type: 'code', source: "import { runs } from '@mlportal/sdk';", tags: ['setup'] },
  { type: 'code', source: 'const scratch = 1;', tags: [] },
  { type: 'code', source: 'const lr = 0.1;', tags: ['parameters', 'setup'] },
  { type: 'code', source: 'train(lr);', tags: [] },
  { type: 'code', source: '   ', tags: ['setup'] },
  { type: 'raw', source: 'raw', tags: [] }
];

const QUEUES: QueueStatus[] = [
  { name: 'default', executor: 'local', running: 1, queued: 0, gpusInUse: 0 },
  { name: 'gpu', executor: 'kubernetes', team: 'vision', gpuQuota: 4, running: 2, queued: 3, gpusInUse: 4 }
];

const FORM: ISubmitForm = {
  name: 'train cell 5',
  gpus: '2',
  gpuType: 'nvidia-a100',
  image: 'ghcr.io/mlportal/tslab-runtime:0.1.0',
  timeoutMinutes: '30',
  queue: 'gpu'
};

describe('the code a submission sends', () => {
  it('sends the setup cells in notebook order, then the chosen cell', () => {
    expect(codeToSubmit(CELLS, { kind: 'cell', index: 4 })).toEqual({
      ok: true,
      cells: ["import { runs } from '@mlportal/sdk';", 'const lr = 0.1;', 'train(lr);'],
      setupCells: 2
    });
  });

  it('sends a setup cell once when it is the one chosen', () => {
    expect(codeToSubmit(CELLS, { kind: 'cell', index: 3 })).toEqual({
      ok: true,
      cells: ["import { runs } from '@mlportal/sdk';", 'const lr = 0.1;'],
      setupCells: 1
    });
  });

  it('sends every non-empty code cell of a notebook', () => {
    expect(codeToSubmit(CELLS, { kind: 'notebook' })).toMatchObject({
      ok: true,
      cells: [CELLS[1].source, CELLS[2].source, CELLS[3].source, CELLS[4].source]
    });
  });

  it('refuses a cell that is not code, an empty one, and a notebook without code, saying why', () => {
    expect(codeToSubmit(CELLS, { kind: 'cell', index: 0 })).toEqual({
      ok: false,
      problem: 'The selected cell is a markdown cell: only code cells can be submitted as a job.'
    });
    expect(codeToSubmit(CELLS, { kind: 'cell', index: 5 })).toEqual({
      ok: false,
      problem: 'The selected cell is empty: there is no code to submit.'
    });
    expect(codeToSubmit(CELLS, { kind: 'cell', index: 9 })).toEqual({ ok: false, problem: 'Select the code cell to submit first.' });
    expect(codeToSubmit([CELLS[0]], { kind: 'notebook' })).toEqual({ ok: false, problem: 'The notebook has no code cells to submit.' });
  });
});

describe('the submit form', () => {
  it('turns good fields into the job’s settings', () => {
    expect(checkSubmitForm(FORM, QUEUES)).toEqual({
      ok: true,
      fields: {
        name: 'train cell 5',
        image: 'ghcr.io/mlportal/tslab-runtime:0.1.0',
        timeoutSeconds: 1800,
        resources: { gpus: 2, gpuType: 'nvidia-a100' },
        queue: 'gpu'
      }
    });
    expect(checkSubmitForm({ ...FORM, gpus: ' 0 ', gpuType: '', queue: '' }, [])).toEqual({
      ok: true,
      fields: { name: 'train cell 5', image: FORM.image, timeoutSeconds: 1800, resources: { gpus: 0 } }
    });
  });

  it('names every bad field', () => {
    const checked = checkSubmitForm(
      { name: ' ', gpus: '17', gpuType: 'a b', image: 'Bad Image!', timeoutMinutes: '0', queue: 'tpu' },
      QUEUES
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        'Job name: give the job a name.',
        'GPUs: a whole number from 0 to 16; got "17".',
        'GPU type: a label value such as "nvidia-a100"; got "a b".',
        'Image: "Bad Image!" is not an image reference such as "registry/name:tag".',
        'Timeout: whole minutes from 1 to 10080 (7 days); got "0".',
        'Queue: "tpu" is not one of the backend\'s queues (default, gpu).'
      ]
    });
    expect(checkSubmitForm({ ...FORM, gpus: '-1' }, QUEUES)).toMatchObject({
      ok: false,
      problems: ['GPUs: a whole number from 0 to 16; got "-1".']
    });
    expect(checkSubmitForm({ ...FORM, gpus: '1.5' }, QUEUES)).toMatchObject({
      ok: false,
      problems: ['GPUs: a whole number from 0 to 16; got "1.5".']
    });
    expect(checkSubmitForm({ ...FORM, gpus: '0' }, QUEUES)).toMatchObject({
      ok: false,
      problems: ['GPU type: ask for at least one GPU, or leave the type empty.']
    });
    expect(checkSubmitForm({ ...FORM, image: '' }, QUEUES)).toMatchObject({
      ok: false,
      problems: ['Image: name the container image to run in, e.g. "python:3.11-slim".']
    });
  });

  it('describes queues with their executor and GPU quota, and names jobs after the notebook', () => {
    expect(QUEUES.map((queue) => describeQueue(queue))).toEqual([
      'default (local; 0 GPUs in use; 1 running, 0 queued)',
      'gpu (kubernetes, team vision; 4 of 4 GPUs in use; 2 running, 3 queued)'
    ]);
    expect(suggestedJobName('work/flights/train.ipynb', 'cell', 3)).toBe('train cell 3');
    expect(suggestedJobName('train.ipynb', 'notebook')).toBe('train');
  });

  it('knows tslab and Python kernels, and nothing else', () => {
    expect(cellLanguage({ name: 'tslab' })).toBe('typescript');
    expect(cellLanguage({ name: 'whatever', language: 'TypeScript' })).toBe('typescript');
    expect(cellLanguage({ name: 'python3' })).toBe('python');
    expect(cellLanguage({ name: 'conda-env', language: 'python' })).toBe('python');
    expect(cellLanguage({ name: 'ir', language: 'R' })).toBeNull();
    expect(cellLanguage(null)).toBeNull();
  });
});
