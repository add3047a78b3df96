/**
 * Light shape checks of the tracking answers: enough that a backend of another version fails here
 * with a clear error rather than as `undefined` deep inside a notebook.
 */
import { isRecord, type ShapeCheck } from '../features/answers';

const hasArray = (field: string): ShapeCheck => (body) => Array.isArray(body[field]);
const hasString = (field: string): ShapeCheck => (body) => typeof body[field] === 'string';
const hasNumber = (field: string): ShapeCheck => (body) => typeof body[field] === 'number';
const hasRecord = (field: string): ShapeCheck => (body) => isRecord(body[field]);
const all = (...checks: ShapeCheck[]): ShapeCheck => (body) => checks.every((check) => check(body));

export { all, hasArray, hasNumber, hasRecord, hasString };

export const TRACKING_SHAPES = {
  experiment: all(hasString('id'), hasString('name'), hasRecord('tags'), hasNumber('revision')),
  experimentPage: hasArray('experiments'),
  run: all(hasString('id'), hasString('experimentId'), hasString('status'), hasRecord('params'), hasRecord('metrics'), hasRecord('tags'), hasRecord('origin')),
  runPage: hasArray('runs'),
  metricHistory: all(hasString('key'), hasArray('history')),
  storedArtifact: all(hasString('path'), hasString('sha256'), hasNumber('size')),
  artifactList: hasArray('files')
} satisfies Record<string, ShapeCheck>;
