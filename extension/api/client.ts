import type { TranslationBundle } from '@jupyterlab/translation';
import {
  AlertsApi,
  Client,
  DeploymentsApi,
  FeaturesApi,
  JobsApi,
  LabelsApi,
  MlportalConfigError,
  ModelsApi,
  MonitoringApi,
  RunsApi,
  type ClientAdvice
} from '@mlportal/sdk/core';
import type { IConnectionSettings, IHealthResponse, IMlportalClient, IRequestOptions, IWhoAmIResponse } from '../tokens';
import { untranslated } from '../ui/untranslated';

/** Long enough for a busy backend, short enough that a hung one does not freeze the panel. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface IMlportalClientOptions {
  timeoutMs?: number;
  /** The page's origin, named when the backend cannot be reached; defaults to location.origin. */
  pageOrigin?: string;
  /** Words the advice and the backend URL's problems (the strings as written when none is given). */
  trans?: TranslationBundle;
}

/**
 * The one HTTP client of the extension: the SDK's Client, rebuilt whenever the settings change, so
 * every plugin holding this object follows them. The browser calls the backend directly (it may live
 * on another host; the backend allows CORS for configured origins), authenticating with a bearer
 * token only: credentials are omitted so cookies of the Jupyter origin never travel along. Its
 * messages point at the JupyterLab settings rather than at the SDK's options.
 */
export class MlportalClient implements IMlportalClient {
  private readonly _timeoutMs: number;
  private readonly _advice: ClientAdvice;
  private readonly _trans: TranslationBundle;
  /** The SDK client for the current settings; while the backend URL is unusable, the error every request rejects with. */
  private _current: Client | MlportalConfigError;
  private _backendUrl = '';
  private _hasToken = false;
  /** Asks for the current SDK client at each call, so it follows configure() too. */
  readonly features = new FeaturesApi(() => this._client());
  readonly models = new ModelsApi(() => this._client());
  readonly runs = new RunsApi(() => this._client());
  readonly jobs = new JobsApi(() => this._client());
  readonly deployments = new DeploymentsApi(() => this._client());
  readonly monitoring = new MonitoringApi(() => this._client());
  readonly labels = new LabelsApi(() => this._client());
  readonly alerts = new AlertsApi(() => this._client());

  constructor(settings: Pick<IConnectionSettings, 'backendUrl' | 'token'>, options: IMlportalClientOptions = {}) {
    this._timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this._trans = options.trans ?? untranslated;
    this._advice = browserAdvice(options.pageOrigin ?? globalThis.location?.origin, this._trans);
    this._current = this._build(settings);
  }

  get backendUrl(): string {
    return this._backendUrl;
  }

  get hasToken(): boolean {
    return this._hasToken;
  }

  configure(settings: Pick<IConnectionSettings, 'backendUrl' | 'token'>): void {
    this._current = this._build(settings);
  }

  async health(): Promise<IHealthResponse> {
    return this._client().health();
  }

  async whoami(): Promise<IWhoAmIResponse> {
    return this._client().whoami();
  }

  async request<T>(path: string, options: IRequestOptions = {}): Promise<T> {
    return this._client().request<T>(path, options);
  }

  private _build(settings: Pick<IConnectionSettings, 'backendUrl' | 'token'>): Client | MlportalConfigError {
    let built: Client | MlportalConfigError;
    try {
      built = new Client({
        url: settings.backendUrl,
        token: settings.token,
        timeoutMs: this._timeoutMs,
        credentials: 'omit',
        advice: this._advice
      });
    } catch (error) {
      if (!(error instanceof MlportalConfigError)) {
        throw error;
      }
      built = unusableBackendUrl(settings.backendUrl.trim(), this._trans);
    }
    this._backendUrl = built instanceof Client ? built.url : settings.backendUrl.trim();
    this._hasToken = built instanceof Client ? built.hasToken : settings.token.trim() !== '';
    return built;
  }

  private _client(): Client {
    if (this._current instanceof MlportalConfigError) {
      throw this._current;
    }
    return this._current;
  }
}

function browserAdvice(pageOrigin: string | undefined, trans: TranslationBundle): ClientAdvice {
  const missingToken = trans.__('add one under Settings → ML Portal → token.');
  // Browsers say only "Failed to fetch" for both a refused connection and a CORS refusal. Without a
  // page (the tests, in Node) the SDK's own advice applies.
  return pageOrigin
    ? { missingToken, unreachable: trans.__('Either it is not running, or it does not allow requests from %1 (CORS).', pageOrigin) }
    : { missingToken };
}

/** The SDK names its constructor option; the panel's user knows the setting. */
function unusableBackendUrl(backendUrl: string, trans: TranslationBundle): MlportalConfigError {
  return new MlportalConfigError(
    'backendUrl',
    backendUrl
      ? trans.__('The mlportal backend URL "%1" is not an http(s) URL: fix it under Settings → ML Portal → backendUrl.', backendUrl)
      : trans.__('No mlportal backend URL is set: add one under Settings → ML Portal → backendUrl.')
  );
}
