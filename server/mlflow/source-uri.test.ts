import { modelVersionArtifactUri, parseArtifactsPath, parseModelSource, runArtifactUri } from './source-uri';

const RUN = '0123456789abcdef0123456789abcdef';

describe('model sources MLflow clients send', () => {
  it('reads runs:/ URIs, with or without a path', () => {
    expect(parseModelSource(`runs:/${RUN}/model`)).toEqual({ kind: 'run-artifact', runId: RUN, path: 'model' });
    expect(parseModelSource(`runs:/${RUN}/model/model.onnx`)).toEqual({ kind: 'run-artifact', runId: RUN, path: 'model/model.onnx' });
    expect(parseModelSource(`runs:/${RUN}`)).toEqual({ kind: 'run-artifact', runId: RUN, path: '' });
  });

  it("reads the run's artifact_uri the server gave, plain or with a host, and its resolved http form", () => {
    expect(parseModelSource(`${runArtifactUri(RUN)}/model`)).toEqual({ kind: 'run-artifact', runId: RUN, path: 'model' });
    expect(parseModelSource(`mlflow-artifacts://127.0.0.1:5000/runs/${RUN}/model`)).toEqual({
      kind: 'run-artifact',
      runId: RUN,
      path: 'model'
    });
    expect(parseModelSource(`http://h:1/api/2.0/mlflow-artifacts/artifacts/runs/${RUN}/a%20b/m.onnx`)).toEqual({
      kind: 'run-artifact',
      runId: RUN,
      path: 'a b/m.onnx'
    });
  });

  it('reads registered versions and aliases, including the source URI mlportal answers', () => {
    expect(parseModelSource('models:/flights-delay/3')).toEqual({ kind: 'registered-version', model: 'flights-delay', version: 3 });
    expect(parseModelSource('models:/Flights.Delay@champion')).toEqual({
      kind: 'registered-alias',
      model: 'Flights.Delay',
      alias: 'champion'
    });
    expect(parseModelSource(modelVersionArtifactUri('Flights.Delay', 2))).toEqual({
      kind: 'registered-version',
      model: 'Flights.Delay',
      version: 2
    });
  });

  it('refuses what it cannot read, saying what it can', () => {
    expect(() => parseModelSource('s3://bucket/model')).toThrow(/runs:\/<run id>\/<path>/);
    expect(() => parseModelSource('runs:/not-a-run/model')).toThrow(/"not-a-run" is not a run id/);
    expect(() => parseModelSource('models:/m-0123456789')).toThrow(/logged-model ids/);
    expect(() => parseModelSource('mlflow-artifacts:/experiments/1/x')).toThrow(/not one mlportal serves/);
    expect(() => parseModelSource('mlflow-artifacts:/runs/%zz')).toThrow(/percent-encoding/);
  });
});

describe('mlflow-artifacts paths', () => {
  it('splits run paths and registered-version paths', () => {
    expect(parseArtifactsPath(`runs/${RUN}`)).toEqual({ kind: 'run', runId: RUN, path: '' });
    expect(parseArtifactsPath(`/runs/${RUN}/model/`)).toEqual({ kind: 'run', runId: RUN, path: 'model' });
    expect(parseArtifactsPath('registered-models/m/versions/4')).toEqual({ kind: 'model-version', model: 'm', version: 4, path: '' });
    expect(parseArtifactsPath('registered-models/m/versions/4/model.onnx')).toEqual({
      kind: 'model-version',
      model: 'm',
      version: 4,
      path: 'model.onnx'
    });
  });

  it('refuses other roots', () => {
    expect(() => parseArtifactsPath('runs/short/x')).toThrow(/32 hex digits/);
    expect(() => parseArtifactsPath('registered-models/m/versions/x/model.onnx')).toThrow(/not one mlportal serves/);
  });
});
