/** The inference runtime's error answers; routes map them through the platform's error middleware. */
import { AppError, BadRequestError } from '../../platform/errors';

/** 400: one request's input does not fit the version's signature; the message names the input. */
export class InvalidInputError extends BadRequestError {
  constructor(message: string, details?: unknown) {
    super(message, details, 'invalid_input');
  }
}

/** 404: the version was never loaded into the pool, or was unloaded. */
export class VersionNotLoadedError extends AppError {
  constructor(versionKey: string) {
    super(404, 'version_not_loaded', `model version ${versionKey} is not loaded for inference`);
  }
}

/** 422: the input passed validation but onnxruntime could not run the model on it. */
export class InferenceFailedError extends AppError {
  constructor(versionKey: string, message: string) {
    super(422, 'inference_failed', `model version ${versionKey} could not run on this input: ${message}`);
  }
}

/** 503: the worker running the request died; the pool replaces it, the caller may retry. */
export class WorkerCrashedError extends AppError {
  constructor(detail: string) {
    super(503, 'worker_crashed', `the inference worker running this request stopped (${detail}); it is being replaced, retry the request`);
  }
}

/** 503: the pool was closed (server shutting down) before the request was answered. */
export class PoolClosedError extends AppError {
  constructor() {
    super(503, 'inference_pool_closed', 'the inference pool is shut down');
  }
}
