import { HealthSchema, WhoAmISchema } from '@mlportal/contract';
import { checked } from './answer';
import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from './errors';
import { asErrorBody } from './parse';
import { DeploymentsApi } from './deployments/api';
import { FeaturesApi } from './features/api';
import { JobsApi } from './jobs/api';
import { AlertsApi } from './monitoring/alerts';
import { MonitoringApi } from './monitoring/api';
import { LabelsApi } from './monitoring/labels';
import { ModelsApi } from './registry/api';
import { ExperimentsApi } from './tracking/experiments';
import { RunsApi } from './tracking/runs';
import type { Health, WhoAmI } from './types';

export interface ClientOptions {
  /** Base URL of the backend, e.g. http://127.0.0.1:8765 (a path prefix is kept). */
  url: string;
  /** Bearer token; only health() works without one. */
  token?: string;
  /** How long to wait for an answer before giving up (default 30 s). */
  timeoutMs?: number;
  /**
   * fetch's credentials mode. A browser page passes 'omit' so that the cookies of its own origin
   * never travel to the backend, which knows callers by their token alone. Unset: fetch's default.
   */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** What the messages tell the reader to do; the defaults speak to notebook and script users. */
  advice?: ClientAdvice;
}

/** Sentences that end the SDK's messages, saying what to fix where the caller's user fixes it. */
export interface ClientAdvice {
  /** Follows the reason nothing answered (a timeout aside). */
  unreachable?: string;
  /** Follows "No mlportal API token is set, and GET /api/v1/auth/whoami needs one:". */
  missingToken?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send without the token (only health allows this). */
  anonymous?: boolean;
  /** This request's time limit, instead of the client's. */
  timeoutMs?: number;
  /**
   * A raw body instead of JSON: a string, bytes, a Blob or a ReadableStream (streamed, never
   * buffered), with its media type.
   */
  upload?: { body: unknown; contentType: string };
}

/** A successful answer whose body is read piece by piece (a file download). */
export interface Download {
  contentType: string | null;
  /** The Content-Length, when the backend sent one. */
  bytes: number | null;
  /** The body's bytes as they arrive; read once. */
  chunks: AsyncIterable<Uint8Array>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

const DEFAULT_ADVICE: Required<ClientAdvice> = {
  unreachable: 'Is it running, and is the URL right?',
  missingToken: 'pass { token } to new Client(), or set MLPORTAL_TOKEN for the module functions'
};

/**
 * A client for one backend and token; runs in Node and in browsers. The module-level functions
 * build one from the environment; the JupyterLab extension builds one from its settings.
 */
export class Client {
  readonly url: string;
  /** A #private field: console.log(client) in a notebook cell would otherwise print it into the notebook. */
  readonly #token: string | undefined;
  private readonly timeoutMs: number;
  private readonly credentials: ClientOptions['credentials'];
  private readonly advice: Required<ClientAdvice>;

  constructor(options: ClientOptions) {
    this.url = checkedBaseUrl(options.url, 'url');
    const token = options.token?.trim();
    this.#token = token ? token : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.credentials = options.credentials;
    this.advice = { ...DEFAULT_ADVICE, ...options.advice };
  }

  /** Whether a token was given; the token itself is never exposed. */
  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  /** Whether the backend is up, which store it runs on, and its version. */
  async health(): Promise<Health> {
    const body = await this.request('/api/v1/health', { anonymous: true });
    return checked(body, HealthSchema, { method: 'GET', url: `${this.url}/api/v1/health` });
  }

  /** The token's name, roles and permissions. */
  async whoami(): Promise<WhoAmI> {
    const body = await this.request('/api/v1/auth/whoami');
    return checked(body, WhoAmISchema, { method: 'GET', url: `${this.url}/api/v1/auth/whoami` });
  }

  /** The feature store: catalog, ingestion, discovery, online values and training sets. */
  get features(): FeaturesApi {
    return new FeaturesApi(this);
  }

  /** Experiment tracking: experiments group runs. */
  get experiments(): ExperimentsApi {
    return new ExperimentsApi(this);
  }

  /** Experiment tracking: runs with their params, metrics, tags, artifacts and origin. */
  get runs(): RunsApi {
    return new RunsApi(this);
  }

  /** The model registry: models, versions, aliases, stages, lineage. */
  get models(): ModelsApi {
    return new ModelsApi(this);
  }

  /** Training jobs: submit, wait, follow logs, cancel. */
  get jobs(): JobsApi {
    return new JobsApi(this);
  }

  /** Monitoring: dashboards (as data), drift, model quality, settings, the labelling queue. */
  get monitoring(): MonitoringApi {
    return new MonitoringApi(this);
  }

  /** Late ground-truth labels, joined to predictions by id. */
  get labels(): LabelsApi {
    return new LabelsApi(this);
  }

  /** Alerts fired and their rules (`alerts.rules`). */
  get alerts(): AlertsApi {
    return new AlertsApi(this);
  }

  /** Online serving: deploy, gate, roll out and back, predict, live figures. */
  get deployments(): DeploymentsApi {
    return new DeploymentsApi(this);
  }

  /**
   * Any JSON endpoint of the backend; throws MlportalApiError for an error answer. A 204 No Content
   * answer (a deletion) resolves to undefined.
   */
  async request<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const { response, url, method, text } = await this.send(path, options, true);
    if (response.status === 204) return undefined as T;
    const body = parseJson(text);
    if (body === undefined) {
      throw new MlportalApiError({
        status: response.status,
        code: 'invalid_response',
        backendMessage: 'the answer is not JSON',
        requestId: response.headers.get('x-request-id'),
        method,
        url
      });
    }
    return body as T;
  }

  /**
   * Any endpoint answering a file: its body as a stream of bytes. The time limit covers the whole
   * download, so give a large file a large timeoutMs.
   */
  async download(path: string, options: RequestOptions = {}): Promise<Download> {
    const { response } = await this.send(path, options, false);
    const length = response.headers.get('content-length');
    return {
      contentType: response.headers.get('content-type'),
      bytes: length === null ? null : Number(length),
      chunks: chunksOf(response, this.url, options.timeoutMs ?? this.timeoutMs, this.advice.unreachable)
    };
  }

  /** Sends the request; an error answer is thrown, a good one returned (with its text when asked). */
  private async send(
    path: string,
    options: RequestOptions,
    readText: boolean
  ): Promise<{ response: Response; url: string; method: string; text: string }> {
    const method = options.method ?? 'GET';
    const url = new URL(`${this.url}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: readText ? 'application/json' : '*/*' };
    if (!options.anonymous) {
      if (!this.#token) {
        throw new MlportalConfigError(
          'token',
          `No mlportal API token is set, and ${method} ${path} needs one: ${this.advice.missingToken}`
        );
      }
      headers.Authorization = `Bearer ${this.#token}`;
    }
    let body: unknown;
    if (options.upload) {
      headers['Content-Type'] = options.upload.contentType;
      body = options.upload.body;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;

    let response: Response;
    let text = '';
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body as RequestInit['body'],
        credentials: this.credentials,
        signal: AbortSignal.timeout(timeoutMs),
        // A streamed body needs it (fetch refuses a ReadableStream without); other bodies ignore it.
        ...(options.upload ? { duplex: 'half' } : {})
      } as RequestInit);
      // Inside the try, under the same timeout: a backend that sends headers and then stalls is as
      // stuck as one that never answers.
      if (readText || !response.ok) text = await response.text();
    } catch (error) {
      throw new MlportalConnectionError(this.url, describeFetchFailure(error, timeoutMs, this.advice.unreachable));
    }
    if (!response.ok) {
      const parsed = asErrorBody(parseJson(text));
      throw new MlportalApiError({
        status: response.status,
        code: parsed?.code ?? `http_${response.status}`,
        backendMessage: parsed?.message ?? unstructuredErrorMessage(response, text),
        requestId: parsed?.requestId || response.headers.get('x-request-id'),
        details: parsed?.details,
        method,
        url: url.toString()
      });
    }
    return { response, url: url.toString(), method, text };
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

/**
 * An error answer without the shared shape, e.g. from a proxy in front of the backend: its text when
 * that is plain text ("upstream down"), else the status text (an HTML error page says no more).
 */
function unstructuredErrorMessage(response: Response, text: string): string {
  const isPlainText = (response.headers.get('content-type') ?? '').startsWith('text/plain');
  const snippet = isPlainText ? text.trim().slice(0, 200) : '';
  return snippet || response.statusText || `HTTP ${response.status}`;
}

async function* chunksOf(response: Response, baseUrl: string, timeoutMs: number, unreachableAdvice: string): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  let finished = false;
  try {
    for (;;) {
      let next: { done: boolean; value?: Uint8Array };
      try {
        next = await reader.read();
      } catch (error) {
        throw new MlportalConnectionError(baseUrl, describeFetchFailure(error, timeoutMs, unreachableAdvice));
      }
      if (next.done) {
        finished = true;
        return;
      }
      if (next.value) yield next.value;
    }
  } finally {
    // A reader that stopped early must say so, or the connection stays open until the timeout.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function describeFetchFailure(error: unknown, timeoutMs: number, unreachableAdvice: string): string {
  // Duck-typed: fetch's errors come from Node's own realm, so `instanceof Error` fails inside a vm
  // context (jest, and possibly a kernel's).
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  // Node's fetch hides the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const { code, message: causeMessage } = (cause ?? {}) as { code?: string; message?: string };
  const detail = code ?? causeMessage ?? message ?? String(error);
  return `${detail}. ${unreachableAdvice}`;
}
