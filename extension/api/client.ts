import type {
  IConnectionSettings,
  IHealthResponse,
  IMlportalClient,
  IRequestOptions,
  IWhoAmIResponse
} from '../tokens';
import {
  BackendUnreachableError,
  InvalidBackendUrlError,
  MissingTokenError,
  MlportalApiError
} from './errors';
import { asErrorBody, asHealth, asWhoAmI } from './responses';

/** Long enough for a busy backend, short enough that a hung one does not freeze the panel. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The one HTTP client of the extension. The browser calls the backend directly (it may live on
 * another host; the backend allows CORS for configured origins), authenticating with a bearer
 * token only: credentials are omitted so cookies of the Jupyter origin never travel along.
 */
export class MlportalClient implements IMlportalClient {
  private _backendUrl = '';
  private _token = '';
  private readonly _timeoutMs: number;

  constructor(
    settings: Pick<IConnectionSettings, 'backendUrl' | 'token'>,
    options: { timeoutMs?: number } = {}
  ) {
    this._timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.configure(settings);
  }

  get backendUrl(): string {
    return this._backendUrl;
  }

  get hasToken(): boolean {
    return this._token !== '';
  }

  configure(settings: Pick<IConnectionSettings, 'backendUrl' | 'token'>): void {
    this._backendUrl = settings.backendUrl.trim().replace(/\/+$/, '');
    this._token = settings.token.trim();
  }

  async health(): Promise<IHealthResponse> {
    const path = '/api/v1/health';
    return this._expect(path, asHealth(await this.request(path, { anonymous: true })));
  }

  async whoami(): Promise<IWhoAmIResponse> {
    const path = '/api/v1/auth/whoami';
    return this._expect(path, asWhoAmI(await this.request(path)));
  }

  async request<T>(path: string, options: IRequestOptions = {}): Promise<T> {
    const url = this._url(path, options.query);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (!options.anonymous) {
      if (!this._token) {
        throw new MissingTokenError();
      }
      headers.Authorization = `Bearer ${this._token}`;
    }
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this._timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method: options.method ?? 'GET',
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          credentials: 'omit',
          signal: controller.signal
        });
      } catch (error) {
        throw new BackendUnreachableError(this._backendUrl, this._describeFailure(controller, error));
      }
      const body = await readJsonBody(response);
      if (!response.ok) {
        throw errorFromResponse(response, body, url);
      }
      if (body === undefined) {
        throw new MlportalApiError({
          status: response.status,
          code: 'invalid_response',
          message: `${url} answered ${response.status} without a JSON body.`,
          requestId: response.headers.get('x-request-id'),
          url
        });
      }
      return body as T;
    } finally {
      clearTimeout(timer);
    }
  }

  private _url(path: string, query: IRequestOptions['query']): string {
    let base: URL;
    try {
      base = new URL(this._backendUrl);
    } catch {
      throw new InvalidBackendUrlError(this._backendUrl);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new InvalidBackendUrlError(this._backendUrl);
    }
    // Concatenate rather than resolve, so a backend mounted under a path prefix keeps it.
    const url = new URL(`${this._backendUrl}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    return url.toString();
  }

  private _describeFailure(controller: AbortController, error: unknown): string {
    if (controller.signal.aborted) {
      return `no answer within ${this._timeoutMs / 1000} s.`;
    }
    // Browsers say only "Failed to fetch" for both a refused connection and a CORS refusal.
    const detail = error instanceof Error ? error.message : String(error);
    const origin = globalThis.location?.origin;
    return origin
      ? `${detail}. Either it is not running, or it does not allow requests from ${origin} (CORS).`
      : `${detail}. Is it running?`;
  }

  private _expect<T>(path: string, parsed: T | null): T {
    if (parsed === null) {
      throw new MlportalApiError({
        status: 200,
        code: 'invalid_response',
        message: `${this._backendUrl}${path} answered with an unexpected body: is this an mlportal backend of a matching version?`,
        requestId: null,
        url: `${this._backendUrl}${path}`
      });
    }
    return parsed;
  }
}

/** The parsed JSON body, or undefined when there is none or it is not JSON. */
async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFromResponse(response: Response, body: unknown, url: string): MlportalApiError {
  const error = asErrorBody(body);
  const headerRequestId = response.headers.get('x-request-id');
  if (error) {
    return new MlportalApiError({
      status: response.status,
      code: error.code,
      message: error.message,
      requestId: error.requestId || headerRequestId,
      details: error.details,
      url
    });
  }
  return new MlportalApiError({
    status: response.status,
    code: `http_${response.status}`,
    message: `${url} answered ${response.status} ${response.statusText}`.trim(),
    requestId: headerRequestId,
    url
  });
}
