/** The backend answered with an error (4xx/5xx) or with a body that is not what the route promises. */
export class MlportalApiError extends Error {
  readonly status: number;
  /** The backend's error code (e.g. `unauthenticated`), or `invalid_response` when the body was unusable. */
  readonly code: string;
  readonly requestId: string | null;
  readonly details: unknown;
  readonly url: string;

  constructor(args: {
    status: number;
    code: string;
    message: string;
    requestId: string | null;
    url: string;
    details?: unknown;
  }) {
    super(args.message);
    this.name = 'MlportalApiError';
    this.status = args.status;
    this.code = args.code;
    this.requestId = args.requestId;
    this.details = args.details;
    this.url = args.url;
  }
}

/**
 * No HTTP answer at all. In a browser a CORS refusal looks exactly like this, so the message
 * cannot tell a stopped backend from a disallowed origin.
 */
export class BackendUnreachableError extends Error {
  readonly url: string;

  constructor(url: string, reason: string) {
    super(`Cannot reach the mlportal backend at ${url}: ${reason}`);
    this.name = 'BackendUnreachableError';
    this.url = url;
  }
}

/** A request needs a token and none is configured; raised before anything is sent. */
export class MissingTokenError extends Error {
  constructor() {
    super('No mlportal API token is set: add one under Settings → ML Portal → token.');
    this.name = 'MissingTokenError';
  }
}

/** The configured backend URL cannot be used to build a request. */
export class InvalidBackendUrlError extends Error {
  readonly backendUrl: string;

  constructor(backendUrl: string) {
    super(
      backendUrl
        ? `The mlportal backend URL "${backendUrl}" is not an http(s) URL: fix it under Settings → ML Portal → backendUrl.`
        : 'No mlportal backend URL is set: add one under Settings → ML Portal → backendUrl.'
    );
    this.name = 'InvalidBackendUrlError';
    this.backendUrl = backendUrl;
  }
}
