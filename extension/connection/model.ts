import type { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { MlportalClient } from '../api/client';
import type { IConnectionModel, IConnectionSettings, IConnectionState, IHealthResponse } from '../tokens';
import { untranslated } from '../ui/untranslated';
import { describeFailure } from './failure';

/**
 * Owns the connection to the backend: checks health (no token needed, so an unreachable backend
 * is told apart from a refused token), then whoami, and repeats every pollIntervalSeconds.
 * Settings changes apply at once; an answer to a check started under older settings is dropped.
 */
export class ConnectionModel implements IConnectionModel {
  readonly client: MlportalClient;
  private _settings: IConnectionSettings;
  private _state: IConnectionState;
  private readonly _stateChanged = new Signal<IConnectionModel, IConnectionState>(this);
  private _timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every check; only the latest check may publish its result. */
  private _generation = 0;
  private _isDisposed = false;

  /** `trans` words the failures the panel shows (the strings as written when none is given). */
  constructor(
    settings: IConnectionSettings,
    private readonly _trans: TranslationBundle = untranslated
  ) {
    this._settings = settings;
    this.client = new MlportalClient(settings, { trans: _trans });
    this._state = initialState(this.client.backendUrl);
  }

  get state(): IConnectionState {
    return this._state;
  }

  get stateChanged(): ISignal<IConnectionModel, IConnectionState> {
    return this._stateChanged;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Apply new settings and check again straight away. */
  configure(settings: IConnectionSettings): Promise<IConnectionState> {
    this._settings = settings;
    this.client.configure(settings);
    this._setState(initialState(this.client.backendUrl));
    return this.refresh();
  }

  async refresh(): Promise<IConnectionState> {
    if (this._isDisposed) {
      return this._state;
    }
    this._cancelTimer();
    const generation = ++this._generation;
    this._setState({ ...this._state, checking: true });
    const next = await this._probe();
    if (generation !== this._generation || this._isDisposed) {
      return this._state;
    }
    this._setState(next);
    this._scheduleNextCheck();
    return next;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._cancelTimer();
    Signal.clearData(this);
  }

  private async _probe(): Promise<IConnectionState> {
    const backendUrl = this.client.backendUrl;
    const done = { backendUrl, checking: false, checkedAt: new Date() };
    let health: IHealthResponse;
    try {
      health = await this.client.health();
    } catch (error) {
      return { ...done, ...describeFailure(error, backendUrl, this._trans), health: null, identity: null };
    }
    // Without a token the client refuses whoami before sending it, and the failure says so.
    try {
      const identity = await this.client.whoami();
      return { ...done, status: 'connected', message: null, requestId: null, health, identity };
    } catch (error) {
      return { ...done, ...describeFailure(error, backendUrl, this._trans), health, identity: null };
    }
  }

  private _scheduleNextCheck(): void {
    const seconds = this._settings.pollIntervalSeconds;
    if (seconds > 0) {
      this._timer = setTimeout(() => void this.refresh(), seconds * 1000);
    }
  }

  private _cancelTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _setState(state: IConnectionState): void {
    this._state = state;
    this._stateChanged.emit(state);
  }
}

function initialState(backendUrl: string): IConnectionState {
  return {
    status: 'disconnected',
    backendUrl,
    checking: false,
    health: null,
    identity: null,
    message: null,
    requestId: null,
    checkedAt: null
  };
}
