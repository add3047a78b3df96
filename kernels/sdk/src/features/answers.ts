import { MlportalApiError } from '../errors';

/**
 * Light shape checks of the feature store's answers: enough that a backend of another version
 * fails here with a clear error rather than as `undefined` deep inside a notebook.
 */

export type ShapeCheck = (body: Record<string, unknown>) => boolean;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasArray = (field: string): ShapeCheck => (body) => Array.isArray(body[field]);
const hasString = (field: string): ShapeCheck => (body) => typeof body[field] === 'string';
const hasNumber = (field: string): ShapeCheck => (body) => typeof body[field] === 'number';
const hasRecord = (field: string): ShapeCheck => (body) => isRecord(body[field]);
const all = (...checks: ShapeCheck[]): ShapeCheck => (body) => checks.every((check) => check(body));

export const SHAPES = {
  entity: all(hasString('name'), hasArray('joinKeys')),
  entityList: hasArray('entities'),
  group: all(hasString('name'), hasArray('features'), hasRecord('freshness')),
  groupList: hasArray('groups'),
  groupUpdate: all(hasRecord('group'), hasArray('changes')),
  version: all(hasNumber('version'), hasArray('features'), hasRecord('stats')),
  versionList: hasArray('versions'),
  preview: all(hasArray('columns'), hasArray('rows')),
  ingestion: all(hasString('id'), hasNumber('rows')),
  ingestionList: hasArray('ingestions'),
  materialize: all(hasNumber('entities'), hasNumber('updated')),
  search: all(hasArray('results'), hasNumber('total')),
  usage: all(hasArray('trainingSets'), hasArray('models')),
  online: all(hasArray('features'), hasArray('values'), hasArray('eventTimes')),
  entityFile: hasString('id'),
  trainingSet: all(hasString('id'), hasArray('columns'), hasNumber('rowCount'), hasArray('features')),
  trainingSetList: hasArray('trainingSets'),
  columnar: all(hasArray('columns'), hasRecord('data'), hasNumber('rowCount'))
} satisfies Record<string, ShapeCheck>;

/** The body as T when it passes the check; else an invalid_response error naming the request. */
export function checked<T>(body: unknown, check: ShapeCheck, request: { method: string; url: string }): T {
  if (isRecord(body) && check(body)) return body as unknown as T;
  throw new MlportalApiError({
    status: 200,
    code: 'invalid_response',
    backendMessage: 'unexpected answer: is this an mlportal backend of a matching version?',
    requestId: null,
    method: request.method,
    url: request.url
  });
}
