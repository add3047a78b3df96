/** The wizard's pure parts: the prefilled test request, default gate rules, names and the request the form describes. */
import type { Deployment } from '@mlportal/sdk/core';
import { describeValue } from '../describe';
import { defaultConfig, deployRequest, type IDeployContext } from './config';
import { defaultRules, lowerIsBetter, parseRules } from './gate-rules';
import { suggestDeploymentName } from './names';
import { parseTestRequest, sampleEntities, sampleInstances } from './test-request';

const context: IDeployContext = {
  model: 'flights-delay',
  version: 2,
  gate: { thresholds: [{ metric: 'rmse', op: '<=', value: 12 }], compareToProduction: true },
  override: undefined,
  existing: null
};

function existing(change: Partial<Deployment> = {}): Deployment {
  return {
    name: 'flights-delay',
    description: '',
    traffic: [{ model: 'flights-delay', version: 1, percent: 100 }],
    shadow: null,
    batching: { maxBatchSize: 32, maxQueueDelayMs: 2 },
    replicas: { min: 1, max: 1, targetCpuPercent: 70 },
    target: 'local',
    gate: { passed: true, checks: [], checkedAt: '2026-01-01T00:00:00.000Z' },
    kpi: null,
    state: 'ready',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'admin',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 4,
    ...change
  };
}

describe('the test request', () => {
  it('is a row of zeros shaped like a single 2-D input', () => {
    expect(JSON.parse(sampleInstances({ inputs: [{ name: 'X', elementType: 'float32', shape: ['batch', 5] }] }))).toEqual({
      instances: [[0, 0, 0, 0, 0]]
    });
  });

  it('names each input when there are several, counting unknown dimensions as one', () => {
    const text = sampleInstances({
      inputs: [
        { name: 'origin', elementType: 'string', shape: [null, 1] },
        { name: 'image', elementType: 'float32', shape: ['batch', 2, 'width'] }
      ]
    });
    expect(JSON.parse(text)).toEqual({ instances: [{ origin: [''], image: [[0], [0]] }] });
  });

  it('carries entity keys to fill in', () => {
    expect(JSON.parse(sampleEntities(['origin', 'destination']))).toEqual({ entities: [{ origin: '', destination: '' }] });
  });

  it('is read as rows, entity keys or a bare array, with an optional version', () => {
    expect(parseTestRequest('{"instances": [[1, 2]], "version": 3}')).toEqual({ input: { instances: [[1, 2]] }, options: { version: 3 } });
    expect(parseTestRequest('{"entities": [{"origin": "SFO"}]}')).toEqual({ input: { entities: [{ origin: 'SFO' }] }, options: {} });
    expect(parseTestRequest('[[1, 2]]')).toEqual({ input: [[1, 2]], options: {} });
  });

  it('names what is wrong with a request that is not one', () => {
    expect(parseTestRequest('{"instances": [[1, 2]')).toMatchObject({ problem: expect.stringContaining('not JSON') });
    expect(parseTestRequest('{"rows": []}')).toEqual({ problem: expect.stringContaining('exactly one of "instances"') });
    expect(parseTestRequest('{"instances": [], "entities": []}')).toEqual({ problem: expect.stringContaining('exactly one of') });
    expect(parseTestRequest('{"instances": [], "version": "two"}')).toEqual({ problem: expect.stringContaining('"version"') });
    expect(parseTestRequest('7')).toEqual({ problem: expect.stringContaining('JSON object') });
  });
});

describe('gate rules', () => {
  it("start at the version's own figures, in the direction the metric's name suggests", () => {
    expect(defaultRules({ rmse: 11.5, r2: 0.83, val_loss: 0.2 })).toEqual([
      { metric: 'r2', op: '>=', value: '0.83' },
      { metric: 'rmse', op: '<=', value: '11.5' },
      { metric: 'val_loss', op: '<=', value: '0.2' }
    ]);
    expect(lowerIsBetter('accuracy')).toBe(false);
    expect(lowerIsBetter('MAE')).toBe(true);
  });

  it('are sent as numbers, and a rule without a number or metric is named', () => {
    expect(parseRules([{ metric: 'rmse', op: '<=', value: ' 12 ' }])).toEqual({ rules: [{ metric: 'rmse', op: '<=', value: 12 }] });
    expect(parseRules([{ metric: 'rmse', op: '<=', value: '' }])).toEqual({ problem: 'Threshold 1 (rmse): "" is not a number.' });
    expect(
      parseRules([
        { metric: 'rmse', op: '<=', value: '1' },
        { metric: ' ', op: '>=', value: '1' }
      ])
    ).toEqual({ problem: 'Threshold 2 names no metric.' });
  });
});

describe('deployment names', () => {
  it('are made DNS labels from model names', () => {
    expect(suggestDeploymentName('Flights_Delay.v2')).toBe('flights-delay-v2');
    expect(suggestDeploymentName('42-model-')).toBe('model');
    expect(suggestDeploymentName('x'.repeat(80))).toHaveLength(63);
    expect(suggestDeploymentName('___')).toBe('model');
  });
});

describe('the request the configure step describes', () => {
  it("creates a deployment with the backend's defaults when untouched", () => {
    expect(deployRequest(defaultConfig('flights', 'prediction'), context)).toEqual({
      kind: 'create',
      request: {
        name: 'flights',
        description: '',
        model: 'flights-delay',
        version: 2,
        gate: context.gate,
        replicas: { min: 1, max: 1, targetCpuPercent: 70 },
        batching: { maxBatchSize: 32, maxQueueDelayMs: 2 },
        target: 'local',
        shadow: null,
        kpi: null
      }
    });
  });

  it('carries a shadow, a KPI and the override reason', () => {
    const draft = {
      ...defaultConfig('flights', 'prediction'),
      shadowVersion: '1',
      kpiEnabled: true,
      kpiLabel: 'late flights',
      kpiValue: '15'
    };
    const built = deployRequest(draft, { ...context, override: { reason: 'hotfix' } });
    expect(built).toMatchObject({
      kind: 'create',
      request: {
        shadow: { model: 'flights-delay', version: 1 },
        kpi: { label: 'late flights', output: 'prediction', op: '>', value: 15 },
        override: { reason: 'hotfix' }
      }
    });
  });

  it('rolls out to an existing deployment of the same name, guarded by its revision', () => {
    const built = deployRequest(
      { ...defaultConfig('flights-delay', 'prediction'), canaryPercent: '25' },
      { ...context, existing: existing() }
    );
    expect(built).toEqual({
      kind: 'rollout',
      name: 'flights-delay',
      request: { model: 'flights-delay', version: 2, gate: context.gate, percent: 25, revision: 4 }
    });
  });

  it('names the field that is wrong', () => {
    const draft = defaultConfig('flights', 'prediction');
    expect(deployRequest({ ...draft, name: 'Flights' }, context)).toEqual({
      problem: expect.stringContaining('Name: deployment name "Flights" is not allowed')
    });
    expect(deployRequest({ ...draft, maxBatchSize: '2000' }, context)).toEqual({
      problem: 'Max batch size: "2000" is not a whole number from 1 to 1024.'
    });
    expect(deployRequest({ ...draft, replicasMin: '3', replicasMax: '2' }, context)).toEqual({
      problem: 'Replicas (max) 2 is below replicas (min) 3.'
    });
    expect(deployRequest({ ...draft, shadowVersion: '2' }, context)).toEqual({
      problem: expect.stringContaining('The shadow version is the version deployed')
    });
    expect(deployRequest({ ...draft, kpiEnabled: true }, context)).toEqual({
      problem: expect.stringContaining('Business KPI: give it a label')
    });
    expect(deployRequest({ ...draft, name: 'flights-delay', canaryPercent: '0' }, { ...context, existing: existing() })).toEqual({
      problem: 'Canary share: "0" is not a whole number from 1 to 100.'
    });
    expect(
      deployRequest(
        { ...draft, name: 'flights-delay', canaryPercent: '10' },
        { ...context, existing: existing({ traffic: [{ model: 'flights-delay', version: 2, percent: 100 }] }) }
      )
    ).toEqual({ problem: 'v2 already serves flights-delay: roll it out at 100% or choose another version.' });
  });
});

describe('values of the review step', () => {
  it('reads traffic, versions and settings as short text', () => {
    expect(
      describeValue([
        { model: 'm', version: 1, percent: 90 },
        { model: 'm', version: 2, percent: 10 }
      ])
    ).toBe('m v1 90% · m v2 10%');
    expect(describeValue({ model: 'm', version: 3 })).toBe('m v3');
    expect(describeValue({ maxBatchSize: 32, maxQueueDelayMs: 2 })).toBe('maxBatchSize 32, maxQueueDelayMs 2');
    expect(describeValue(null)).toBe('—');
    expect(describeValue([])).toBe('—');
  });
});
