/**
 * Light shape checks of the registry's answers: enough that a backend of another version fails
 * here with a clear error rather than as `undefined` deep inside a notebook.
 */
import type { ShapeCheck } from '../features/answers';
import { all, hasArray, hasNumber, hasRecord, hasString } from '../tracking/answers';

export const REGISTRY_SHAPES = {
  model: all(hasString('name'), hasRecord('aliases'), hasNumber('versionCount'), hasNumber('revision')),
  modelPage: hasArray('models'),
  artifact: all(hasString('sha256'), hasNumber('size'), hasRecord('signature')),
  version: all(hasString('model'), hasNumber('version'), hasString('stage'), hasRecord('artifact'), hasRecord('lineage'), hasNumber('revision')),
  versionList: hasArray('versions'),
  history: hasArray('events'),
  comparison: all(hasArray('versions'), hasArray('metrics'), hasArray('params')),
  lineage: all(hasRecord('version'), hasArray('features')),
  featureUsage: hasArray('models')
} satisfies Record<string, ShapeCheck>;
