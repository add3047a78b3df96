/** The registry's own error answers (beyond the platform's). */
import { AppError } from '../platform/errors';

/** 422: a well-formed request whose model file is refused (not ONNX, external data, does not load). */
export class InvalidModelError extends AppError {
  constructor(message: string, code = 'invalid_model', details?: unknown) {
    super(422, code, message, details);
  }
}
