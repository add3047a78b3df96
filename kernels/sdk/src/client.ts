import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from './errors';
import { asErrorBody, asHealth, asWhoAmI } from './parse';
import type { Health, WhoAmI } from './types';

export interface ClientOptions {
  /** Base URL of the backend, e.g. http://127.0.0.1:8765 (a path prefix is kept). */
  url: string;
  /** Bearer token; only health() works without one. */
  token?: string;
  /** How long to wait for an answer before giving up (default 30 s). */
  timeoutMs?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send without the token (only health allows this). */
  anonymous?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A client for one backend and token. The module-level functions build one from the environment. */
export class Client {
  readonly url: string;
  /** A #private field: console.log(client) in a notebook cell would otherwise print it into the notebook. */
  readonly #token: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.url = checkedBaseUrl(options.url, 'url');
    const token = options.token?.trim();
    this.#token = token ? token : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Whether the backend is up, which store it runs on, and its version. */
  async health(): Promise<Health> {
    return this.expect('/api/v1/health', asHealth, await this.request('/api/v1/health', { anonymous: true }));
  }

  /** The token's name, roles and permissions. */
  async whoami(): Promise<WhoAmI> {
    return this.expect('/api/v1/auth/whoami', asWhoAmI, await this.request('/api/v1/auth/whoami'));
  }

  /** Any JSON endpoint of the backend; throws MlportalApiError for an error answer. */
  async request<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const url = new URL(`${this.url}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (!options.anonymous) {
      if (!this.#token) {
        throw new MlportalConfigError(
          'token',
          `${method} ${path} needs a token: pass { token } to new Client(), or set MLPORTAL_TOKEN for the module functions`
        );
      }
      headers.Authorization = `Bearer ${this.#token}`;
    }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs)
      });
    } catch (error) {
      throw new MlportalConnectionError(this.url, describeFetchFailure(error, this.timeoutMs));
    }
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) {
      const parsed = asErrorBody(body);
      throw new MlportalApiError({
        status: response.status,
        code: parsed?.code ?? `http_${response.status}`,
        backendMessage: parsed?.message ?? (text.slice(0, 200) || response.statusText),
        requestId: parsed?.requestId || response.headers.get('x-request-id'),
        details: parsed?.details,
        method,
        url: url.toString()
      });
    }
    if (body === undefined) {
      throw new MlportalApiError({
        status: response.status,
        code: 'invalid_response',
        backendMessage: 'the answer is not JSON',
        requestId: response.headers.get('x-request-id'),
        method,
        url: url.toString()
      });
    }
    return body as T;
  }

  private expect<T>(path: string, parse: (body: unknown) => T | null, body: unknown): T {
    const parsed = parse(body);
    if (parsed === null) {
      throw new MlportalApiError({
        status: 200,
        code: 'invalid_response',
        backendMessage: 'unexpected answer: is this an mlportal backend of a matching version?',
        requestId: null,
        method: 'GET',
        url: `${this.url}${path}`
      });
    }
    return parsed;
  }
}

/** The URL without trailing slashes; throws naming `setting` (an option or a variable) when unusable. */
export function checkedBaseUrl(raw: string | undefined, setting: string): string {
  const trimmed = (raw ?? '').trim().replace(/\/+$/, '');
  let protocol: string | undefined;
  try {
    protocol = new URL(trimmed).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new MlportalConfigError(
      setting,
      `${setting} must be the backend's http(s) URL, e.g. http://127.0.0.1:8765; got ${JSON.stringify(raw ?? '')}`
    );
  }
  return trimmed;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors come from Node's own realm, so `instanceof Error` fails inside a vm
  // context (jest, and possibly a kernel's).
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  // Node's fetch hides the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const { code, message: causeMessage } = (cause ?? {}) as { code?: string; message?: string };
  const detail = code ?? causeMessage ?? message ?? String(error);
  return `${detail}. Is it running, and is the URL right?`;
}
