import { MlportalError } from '../errors';
import { checkArtifactPath, checkKey, chunks, metricEntries, paramStrings, tagStrings } from './keys';
import { checkAlias, checkModelName, versionNumber } from '../registry/names';

describe('what the SDK checks before sending', () => {
  it('accepts MLflow keys, "/", "." and spaces included, and names a key it refuses', () => {
    for (const key of ['auc', 'val loss', 'train/acc', 'lr.decay', 'a-b_c']) expect(() => checkKey('metric', key)).not.toThrow();
    expect(() => checkKey('metric', 'auc:1')).toThrow(
      'metric key "auc:1" is not allowed: use 1 to 250 letters, digits, spaces and _ . - /'
    );
    expect(() => checkKey('tag', '')).toThrow(/^tag key "" is not allowed/);
    expect(() => checkKey('param', 'x'.repeat(251))).toThrow(MlportalError);
  });

  it('stringifies params as MLflow does and refuses other values and overlong ones, naming the key', () => {
    expect(paramStrings({ lr: 0.01, deep: true, solver: 'adam' })).toEqual({ lr: '0.01', deep: 'true', solver: 'adam' });
    expect(() => paramStrings({ layers: [1, 2] as unknown as string })).toThrow(
      'param "layers" must be a string, number or boolean; got object'
    );
    expect(() => paramStrings({ notes: 'x'.repeat(6001) })).toThrow('param "notes" is 6001 characters long; at most 6000 are kept');
  });

  it("turns a metrics record into entries at the call's step, keeping entries' own steps and timestamps", () => {
    expect(metricEntries({ auc: 0.9, loss: 0.25 }, { step: 3 })).toEqual([
      { key: 'auc', value: 0.9, step: 3 },
      { key: 'loss', value: 0.25, step: 3 }
    ]);
    expect(metricEntries([{ key: 'loss', value: 1, step: 7, timestamp: new Date('2024-05-01T00:00:00Z') }], { step: 1 })).toEqual([
      { key: 'loss', value: 1, step: 7, timestamp: '2024-05-01T00:00:00.000Z' }
    ]);
    expect(metricEntries({ auc: 0.5 })).toEqual([{ key: 'auc', value: 0.5 }]);
  });

  it('refuses NaN, infinities, non-numbers and bad steps before anything is sent, naming the metric', () => {
    expect(() => metricEntries({ loss: Number.NaN })).toThrow('metric "loss" must be a finite number; got NaN');
    expect(() => metricEntries({ loss: Number.POSITIVE_INFINITY })).toThrow('metric "loss" must be a finite number; got Infinity');
    expect(() => metricEntries({ loss: '0.3' as unknown as number })).toThrow('metric "loss" must be a finite number; got "0.3"');
    expect(() => metricEntries({ loss: 1 }, { step: -1 })).toThrow('metric "loss": step must be an integer ≥ 0; got -1');
    expect(() => metricEntries([{ key: 'loss', value: 1, step: 1.5 }])).toThrow(/step must be an integer/);
    expect(() => metricEntries([{ key: 'loss', value: 1, timestamp: 'yesterday' }])).toThrow(
      'metric "loss": timestamp "yesterday" is not a date'
    );
  });

  it('checks tags are strings', () => {
    expect(tagStrings({ team: 'ops' })).toEqual({ team: 'ops' });
    expect(() => tagStrings({ team: 3 as unknown as string })).toThrow('tag "team" must be a string; got 3');
  });

  it("refuses artifact paths that leave the run's folder or are malformed, saying why", () => {
    for (const ok of ['model.onnx', 'plots/roc.json', 'a/b/c.txt', 'x..y']) expect(() => checkArtifactPath(ok)).not.toThrow();
    expect(() => checkArtifactPath('../secret')).toThrow('artifact path "../secret" is not allowed: it contains ".."');
    expect(() => checkArtifactPath('/etc/passwd')).toThrow(/starts with "\/"/);
    expect(() => checkArtifactPath('a\\b')).toThrow('it contains "\\" (separate folders with "/")');
    expect(() => checkArtifactPath('a//b')).toThrow(/empty segment/);
    expect(() => checkArtifactPath('')).toThrow(/it is empty/);
    expect(() => checkArtifactPath('x'.repeat(513))).toThrow(/longer than 512/);
  });

  it("splits long logs into the backend's per-call limits", () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 100)).toEqual([]);
  });

  it("checks model names and aliases by the registry's rules", () => {
    for (const ok of ['flights-delay', 'Flights.Delay', '7up', 'a_b']) expect(() => checkModelName(ok)).not.toThrow();
    expect(() => checkModelName('-x')).toThrow(/model name "-x" is not allowed/);
    expect(() => checkModelName('has space')).toThrow(MlportalError);
    expect(() => checkAlias('champion')).not.toThrow();
    for (const bad of ['Champion', 'latest', 'v2', '1st']) expect(() => checkAlias(bad)).toThrow(/alias .* is not allowed/);
  });

  it('reads version numbers from 3, "3" and "v3", leaving aliases alone', () => {
    expect(versionNumber(3)).toBe(3);
    expect(versionNumber('3')).toBe(3);
    expect(versionNumber('v12')).toBe(12);
    expect(versionNumber('champion')).toBeUndefined();
    expect(() => versionNumber(0)).toThrow('version must be a whole number ≥ 1; got 0');
    expect(() => versionNumber('v0')).toThrow(/got 0/);
  });
});
