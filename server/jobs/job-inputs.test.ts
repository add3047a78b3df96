/** The pieces of a job spec checked before anything runs: image references, memory sizes, queue settings, nvidia-smi's list. */
import { ConfigError, loadConfig } from '../config';
import { imageReferenceProblem, memoryBytes } from '@mlportal/contract';
import { parseGpuList } from './local/gpus';

describe('image references', () => {
  it.each([
    'python:3.12-slim',
    'ghcr.io/org/trainer:1.4',
    'localhost:5000/a/b_c__d-e',
    'registry.example.com/team/img@sha256:' + 'a'.repeat(64),
    'ubuntu'
  ])('accepts %s', (ref) => {
    expect(imageReferenceProblem(ref)).toBeUndefined();
  });

  it.each([
    ['Trainer:1', '"Trainer:1" is not a valid image reference: repository names must be lower case'],
    [' ubuntu', 'must be an image reference such as "python:3.12-slim" or "ghcr.io/org/trainer:1.4", without spaces'],
    [
      'a//b',
      '"a//b" is not a valid image reference: expected [registry[:port]/]name[:tag][@sha256:digest], name in lower case letters, digits and . _ - separators'
    ],
    [
      'img:-bad',
      '"img:-bad" is not a valid image reference: expected [registry[:port]/]name[:tag][@sha256:digest], name in lower case letters, digits and . _ - separators'
    ],
    [`x/${'a'.repeat(260)}`, `"x/${'a'.repeat(260)}" is not a valid image reference: the repository name is longer than 255 characters`]
  ])('refuses %j', (ref, problem) => {
    expect(imageReferenceProblem(ref)).toBe(problem);
  });
});

describe('memory quantities', () => {
  it('reads Kubernetes quantities as bytes and refuses other text', () => {
    expect(memoryBytes('4Gi')).toBe(4 * 2 ** 30);
    expect(memoryBytes('1.5G')).toBe(1.5e9);
    expect(memoryBytes('512')).toBe(512);
    expect(memoryBytes('4 GB')).toBeUndefined();
    expect(memoryBytes('-1Gi')).toBeUndefined();
  });
});

describe('nvidia-smi output', () => {
  it('lists index, name and memory per line, skipping what is not a GPU line', () => {
    expect(parseGpuList('0, NVIDIA H200, 143771 MiB\n1, Tesla T4, 15360 MiB\n\nNo devices were found\n')).toEqual([
      { index: '0', name: 'NVIDIA H200', memoryMiB: 143771 },
      { index: '1', name: 'Tesla T4', memoryMiB: 15360 }
    ]);
    expect(parseGpuList('')).toEqual([]);
  });
});

describe('MLPORTAL_JOB_QUEUES', () => {
  it('defaults to one local queue, plus a Kubernetes "gpu" queue when a kubeconfig is found', () => {
    expect(loadConfig({}).jobQueues).toEqual([{ name: 'default', executor: 'local' }]);
    expect(loadConfig({ KUBECONFIG: '/home/me/.kube/config' }).jobQueues).toEqual([
      { name: 'default', executor: 'local' },
      { name: 'gpu', executor: 'kubernetes' }
    ]);
  });

  it('takes a JSON array of queues', () => {
    const queues = [{ name: 'vision', executor: 'kubernetes', team: 'vision', gpuQuota: 4, maxConcurrent: 2 }];
    expect(loadConfig({ MLPORTAL_JOB_QUEUES: JSON.stringify(queues) }).jobQueues).toEqual(queues);
  });

  it.each([
    ['not json', /^MLPORTAL_JOB_QUEUES: must be a JSON array of queues/],
    ['[]', /^MLPORTAL_JOB_QUEUES: must list at least one queue/],
    ['[{"name":"a","executor":"slurm"}]', /^MLPORTAL_JOB_QUEUES: \[0\]\.executor: must be one of local, kubernetes/],
    ['[{"name":"a","executor":"local","gpuQuota":-1}]', /^MLPORTAL_JOB_QUEUES: \[0\]\.gpuQuota: /],
    ['[{"name":"a","executor":"local"},{"name":"a","executor":"local"}]', /^MLPORTAL_JOB_QUEUES: queue names must be unique/],
    ['[{"name":"a","executor":"local","colour":"red"}]', /^MLPORTAL_JOB_QUEUES: \[0\]: .*\(colour\)/]
  ])('refuses %s naming the variable and the field', (value, message) => {
    let error: unknown;
    try {
      loadConfig({ MLPORTAL_JOB_QUEUES: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(message)]);
  });
});
