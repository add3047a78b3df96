import { ModelVersionSchema, RegisteredModelSchema, VersionListSchema } from '@mlportal/contract';
import { checked } from '../answer';
import { MlportalApiError } from '../errors';
import { parseRegisteredLine, registeredLine, REGISTERED_LINE_PREFIX } from './registered-line';
import type { ModelVersion } from './types';

const VERSION: ModelVersion = {
  model: 'flights-delay',
  version: 3,
  description: 'linear baseline',
  stage: 'none',
  aliases: ['challenger'],
  artifact: {
    sha256: 'a'.repeat(64),
    size: 412,
    format: 'onnx',
    signature: {
      inputs: [{ name: 'input', elementType: 'float32', shape: ['batch', 3] }],
      outputs: [],
      opsets: [{ domain: '', version: 17 }],
      irVersion: 8
    }
  },
  metrics: { rmse: 31.5 },
  params: {},
  tags: {},
  card: '',
  lineage: { runId: 'f'.repeat(32), trainingSetId: 'ts_1', features: [], notebookPath: 'examples/model-registry.ipynb', cellId: 'cell-7' },
  createdAt: '2024-05-01T00:00:00.000Z',
  createdBy: 'admin',
  updatedAt: '2024-05-01T00:00:00.000Z',
  revision: 1
};

describe('the line registerFromNotebook prints for the JupyterLab extension', () => {
  it('is one line of compact JSON after the prefix, and parses back to the summary', () => {
    const line = registeredLine(VERSION);
    expect(line.startsWith(REGISTERED_LINE_PREFIX)).toBe(true);
    expect(line).not.toContain('\n');
    const summary = {
      model: 'flights-delay',
      version: 3,
      stage: 'none',
      aliases: ['challenger'],
      sha256: 'a'.repeat(64),
      size: 412,
      runId: 'f'.repeat(32),
      trainingSetId: 'ts_1',
      notebookPath: 'examples/model-registry.ipynb',
      cellId: 'cell-7'
    };
    expect(parseRegisteredLine(line)).toEqual(summary);
    expect(parseRegisteredLine(`training...\nrmse 31.5\r\n${line}\n`)).toEqual(summary);
  });

  it('finds nothing in output without the line, or with a cut one', () => {
    expect(parseRegisteredLine('rmse 31.5\n')).toBeNull();
    expect(parseRegisteredLine(`${REGISTERED_LINE_PREFIX}{"model":"flights-del`)).toBeNull();
    expect(parseRegisteredLine(`${REGISTERED_LINE_PREFIX}{"model":"m"}`)).toBeNull();
  });
});

describe("the registry's answers, checked against the contract", () => {
  const request = { method: 'GET', url: 'http://127.0.0.1:1/api/v1/models/m/versions/3' };

  it('pass answers of the documented shapes', () => {
    expect(checked(VERSION, ModelVersionSchema, request)).toEqual(VERSION);
    expect(checked({ versions: [VERSION] }, VersionListSchema, request)).toEqual({ versions: [VERSION] });
  });

  it('turn an answer of another shape into an invalid_response error naming the request and the field', () => {
    const error = (() => {
      try {
        return checked({ ...VERSION, artifact: { ...VERSION.artifact, size: '412' } }, ModelVersionSchema, request);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MlportalApiError);
    expect(error).toMatchObject({ code: 'invalid_response', url: request.url });
    expect((error as Error).message).toContain('artifact.size');
    expect((error as Error).message).toContain('is this an mlportal backend of a matching version?');
    expect(() => checked([], RegisteredModelSchema, request)).toThrow(MlportalApiError);
  });
});
