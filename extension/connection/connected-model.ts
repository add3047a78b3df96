import type { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import type { IConnectionModel, IConnectionState } from '../tokens';
import { describeProblem, type IProblem } from '../ui/problem';
import { untranslated } from '../ui/untranslated';

/**
 * What a sidebar's model that reads from the backend shares with the others: a state replaced
 * (never mutated) on each change and the signal that announces it, the token's roles, disposal,
 * and loading that follows the panel and the connection. Nothing is read until `start()` (the
 * panel calls it whenever it is shown); after that, `refresh()` runs again whenever the connection
 * comes back or moves to another backend or token. Its messages are in the words of `trans`, the
 * bundle its plugin loaded (the strings as written when none is given).
 */
export abstract class ConnectedModel<TState> {
  private _state: TState;
  private readonly _stateChanged = new Signal<this, TState>(this);
  private _started = false;
  private _connectionKey: string;
  private _isDisposed = false;

  protected constructor(
    protected readonly connection: IConnectionModel,
    initialState: TState,
    protected readonly trans: TranslationBundle = untranslated
  ) {
    this._state = initialState;
    this._connectionKey = connectionKey(connection.state);
    connection.stateChanged.connect(this._onConnectionChanged, this);
  }

  get state(): TState {
    return this._state;
  }

  get stateChanged(): ISignal<this, TState> {
    return this._stateChanged;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The token's roles, once the connection knows them. */
  get roles(): readonly string[] | null {
    return this.connection.state.identity?.roles ?? null;
  }

  /** First load; later calls do nothing. */
  start(): Promise<void> {
    if (this._started) {
      return Promise.resolve();
    }
    this._started = true;
    return this.refresh();
  }

  /** Reads everything the model shows again. */
  abstract refresh(): Promise<void>;

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this.onDispose();
    this.connection.stateChanged.disconnect(this._onConnectionChanged, this);
    Signal.clearData(this);
  }

  /** A failed call in words; `what` is already translated ("Listing the jobs"). */
  protected describeProblem(error: unknown, what: string): IProblem {
    return describeProblem(error, what, this.trans);
  }

  /** Publishes a new state; after disposal nothing is published. */
  protected setState(state: TState): void {
    if (this._isDisposed) {
      return;
    }
    this._state = state;
    this._stateChanged.emit(state);
  }

  /** Sees every connection state (a new identity may change what the token may do), before any reload it brings. */
  protected onConnectionState(_state: IConnectionState): void {
    // Nothing by default.
  }

  /** Stops the subclass's own timers; runs once, before the signals are cleared. */
  protected onDispose(): void {
    // Nothing by default.
  }

  private _onConnectionChanged(_: IConnectionModel, state: IConnectionState): void {
    this.onConnectionState(state);
    const key = connectionKey(state);
    if (key === this._connectionKey) {
      return;
    }
    this._connectionKey = key;
    if (this._started && state.status === 'connected') {
      void this.refresh();
    }
  }
}

/** Changes when the backend, the token's identity or the connection status changes. */
function connectionKey(state: IConnectionState): string {
  return JSON.stringify([state.status, state.backendUrl, state.identity?.tokenId ?? null]);
}
