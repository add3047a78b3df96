/**
 * Typed errors: each carries the HTTP status and a stable machine-readable code.
 * One error middleware (server/api/errors.ts) turns them into the shared JSON error shape.
 * Platform and domain code throw these (or a domain's own subclass), never an AppError built
 * with a bare status; routes never build error responses by hand.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown, code = 'bad_request') {
    super(400, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details?: unknown) {
    super(404, 'not_found', message, details);
  }
}

/** A unique index refused the write: the value already belongs to another document. */
export class DuplicateKeyError extends AppError {
  constructor(collection: string, fields: string[], details?: unknown) {
    super(409, 'duplicate_key', `${collection}: a document with the same ${fields.join(', ')} already exists`, details);
  }
}

/**
 * Optimistic concurrency: the caller's expected revision is not the stored one,
 * so somebody else changed the document since it was read. Nothing was written.
 */
export class StaleRevisionError extends AppError {
  constructor(collection: string, id: string, expected: number, actual: number | undefined) {
    super(
      409,
      'stale_revision',
      `${collection}/${id}: expected revision ${expected} but the stored revision is ${actual ?? 'missing'}; reload and retry`,
      { expected, actual }
    );
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: unknown, code = 'payload_too_large') {
    super(413, code, message, details);
  }
}

/** 415: the body is not in a media type this endpoint takes; the message says which it takes. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, details?: unknown) {
    super(415, 'unsupported_media_type', message, details);
  }
}

/**
 * 403 for a refusal that is not a missing permission (that is auth's ForbiddenError): the caller may
 * not do this particular thing, e.g. cancel another user's job; `code` says which refusal.
 */
export class ForbiddenActionError extends AppError {
  constructor(message: string, code = 'forbidden', details?: unknown) {
    super(403, code, message, details);
  }
}

/** The request conflicts with the current state (e.g. revoking what is already revoked); `code` says which conflict. */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(409, code, message, details);
  }
}
