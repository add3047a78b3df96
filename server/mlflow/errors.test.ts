import { ForbiddenError, UnauthenticatedError } from '../auth/errors';
import {
  AppError,
  BadRequestError,
  ConflictError,
  DuplicateKeyError,
  NotFoundError,
  PayloadTooLargeError,
  StaleRevisionError
} from '../platform/errors';
import { MlflowError, mlflowErrorAnswer } from './errors';

describe("MLflow's error answers", () => {
  it.each([
    [new BadRequestError('bad'), 400, 'INVALID_PARAMETER_VALUE'],
    [new AppError(422, 'invalid_model', 'not an ONNX model'), 400, 'INVALID_PARAMETER_VALUE'],
    [new PayloadTooLargeError('too big'), 413, 'INVALID_PARAMETER_VALUE'],
    [new NotFoundError('gone'), 404, 'RESOURCE_DOES_NOT_EXIST'],
    [new ConflictError('exists', 'duplicate'), 400, 'RESOURCE_ALREADY_EXISTS'],
    [new DuplicateKeyError('models', ['name']), 400, 'RESOURCE_ALREADY_EXISTS'],
    [new StaleRevisionError('models', 'm', 1, 2), 409, 'RESOURCE_CONFLICT'],
    [new ConflictError('in production'), 409, 'RESOURCE_CONFLICT'],
    [new UnauthenticatedError('no token', 'models:read'), 401, 'UNAUTHENTICATED'],
    [new ForbiddenError('models:delete', ['admin'], ['ml-engineer']), 403, 'PERMISSION_DENIED'],
    [new MlflowError('ENDPOINT_NOT_FOUND', 'nope'), 404, 'ENDPOINT_NOT_FOUND']
  ])('%p → %d %s, with our message', (error, status, code) => {
    expect(mlflowErrorAnswer(error)).toEqual({ status, body: { error_code: code, message: error.message } });
  });

  it('leaves errors that are not ours to the caller (a 500 whose details stay in the log)', () => {
    expect(mlflowErrorAnswer(new Error('boom'))).toBeUndefined();
  });

  it("translates body-parser's errors too", () => {
    const parseFailed = Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed', status: 400 });
    expect(mlflowErrorAnswer(parseFailed)?.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
