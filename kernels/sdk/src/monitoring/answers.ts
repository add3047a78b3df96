/**
 * Light shape checks of monitoring's answers: enough that a backend of another version fails here
 * with a clear error rather than as `undefined` deep inside a notebook.
 */
import type { ShapeCheck } from '../features/answers';
import { all, hasArray, hasNumber, hasString } from '../tracking/answers';

export const MONITORING_SHAPES = {
  dashboard: all(hasString('kind'), hasString('deployment'), hasArray('panels')),
  drift: all(hasString('deployment'), hasArray('features'), hasNumber('drifted')),
  quality: all(hasString('task'), hasArray('series')),
  config: all(hasString('deployment'), hasString('task'), hasNumber('revision')),
  labelsAccepted: hasNumber('accepted'),
  labellingQueue: hasArray('items'),
  rule: all(hasString('id'), hasString('deployment'), hasString('kind'), hasNumber('threshold'), hasNumber('revision')),
  ruleList: hasArray('rules'),
  alertList: hasArray('alerts'),
  alert: all(hasString('id'), hasString('ruleId'), hasString('firedAt')),
  evaluation: (body) => typeof body.fired === 'boolean'
} satisfies Record<string, ShapeCheck>;
