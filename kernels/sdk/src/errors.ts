/**
 * Everything the SDK throws is an MlportalError, so a notebook can catch them all in one place.
 * Each class spells out its name: a minified browser bundle renames classes, so `new.target.name`
 * would print as a single letter there.
 */
export class MlportalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MlportalError';
  }
}

/** The backend answered with an error status (or with a body the SDK cannot use). */
export class MlportalApiError extends MlportalError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The backend's stable error code, e.g. `unauthenticated`, `forbidden`, `validation_failed`. */
  readonly code: string;
  /** The request id the backend logged; quote it when reporting a problem. */
  readonly requestId: string | null;
  /** Structured detail, e.g. the failing field paths of a validation error. */
  readonly details: unknown;
  /** What the backend said, without the context the message adds. */
  readonly backendMessage: string;
  readonly method: string;
  readonly url: string;

  constructor(args: {
    status: number;
    code: string;
    backendMessage: string;
    requestId: string | null;
    details?: unknown;
    method: string;
    url: string;
  }) {
    const requestNote = args.requestId ? `, request id ${args.requestId}` : '';
    super(`${args.status} ${args.code}: ${args.backendMessage} (${args.method} ${args.url}${requestNote})`);
    this.name = 'MlportalApiError';
    this.status = args.status;
    this.code = args.code;
    this.requestId = args.requestId;
    this.details = args.details;
    this.backendMessage = args.backendMessage;
    this.method = args.method;
    this.url = args.url;
  }
}

/**
 * No HTTP answer: the backend is not running at that URL, or did not answer in time. In a browser a
 * CORS refusal looks exactly like this, so the message cannot tell the two apart.
 */
export class MlportalConnectionError extends MlportalError {
  readonly url: string;

  constructor(url: string, reason: string) {
    super(`Cannot reach the mlportal backend at ${url}: ${reason}`);
    this.name = 'MlportalConnectionError';
    this.url = url;
  }
}

/** The SDK is not set up: a missing or malformed URL or token. */
export class MlportalConfigError extends MlportalError {
  /** The environment variable or option to fix. */
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(message);
    this.name = 'MlportalConfigError';
    this.setting = setting;
  }
}
