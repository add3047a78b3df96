import type { TranslationBundle } from '@jupyterlab/translation';
import { ConnectedModel } from '../connection/connected-model';
import type { IConnectionModel, IConnectionState } from '../tokens';
import { deploymentsPermissions } from './permissions';
import { IDLE_DEPLOYMENT_ACTION, type IDeploymentsState } from './state';

export interface IDeploymentsModelOptions {
  /** Between reads of the list (and its live figures) while the sidebar is shown (default 5 s). */
  pollMs?: number;
  /** The plugin's translation bundle (the strings as written when none is given). */
  trans?: TranslationBundle;
}

/**
 * The Deployments sidebar's state: every deployment with its live figures, read again every few
 * seconds while the sidebar is shown (hidden, it stops), the events of those opened, and the
 * rollback and delete actions. Answers overtaken by a newer request are dropped.
 */
export class DeploymentsModel extends ConnectedModel<IDeploymentsState> {
  private _pollMs: number;
  private _visible = false;
  private _shownBefore = false;
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _listGeneration = 0;

  constructor(connection: IConnectionModel, options: IDeploymentsModelOptions = {}) {
    super(
      connection,
      {
        list: { deployments: [], loading: false, problem: null, done: false },
        events: {},
        action: IDLE_DEPLOYMENT_ACTION,
        permissions: deploymentsPermissions(connection.state.identity)
      },
      options.trans
    );
    this._pollMs = options.pollMs ?? 5000;
  }

  async refresh(): Promise<void> {
    await Promise.all([this.reloadList(), ...Object.keys(this.state.events).map((name) => this._loadEvents(name))]);
  }

  async reloadList(): Promise<void> {
    const generation = ++this._listGeneration;
    this._patch({ list: { ...this.state.list, loading: true } });
    try {
      const deployments = await this.connection.client.deployments.list();
      if (generation === this._listGeneration) {
        this._patch({ list: { deployments, loading: false, problem: null, done: true } });
      }
    } catch (error) {
      if (generation === this._listGeneration) {
        this._patch({
          list: {
            ...this.state.list,
            loading: false,
            problem: this.describeProblem(error, this.trans.__('Listing the deployments')),
            done: true
          }
        });
      }
    }
  }

  /** Shows or hides a deployment's events (read when shown). */
  async toggleEvents(name: string): Promise<void> {
    if (this.state.events[name]) {
      const { [name]: _closed, ...rest } = this.state.events;
      this._patch({ events: rest });
      return;
    }
    this._patch({ events: { ...this.state.events, [name]: { events: [], loading: true, problem: null } } });
    await this._loadEvents(name);
  }

  /** Traffic and shadow back to what they were before the last rollout. */
  async rollback(name: string): Promise<void> {
    await this._act(this.trans.__('Rolling %1 back', name), async () => {
      const deployment = await this.connection.client.deployments.rollback(name, { revision: this._revisionOf(name) });
      await this.refresh();
      return this.trans.__(
        '%1 is rolled back: %2.',
        name,
        deployment.traffic.map((entry) => `v${entry.version} ${entry.percent}%`).join(', ')
      );
    });
  }

  async delete(name: string): Promise<void> {
    await this._act(this.trans.__('Deleting %1', name), async () => {
      await this.connection.client.deployments.delete(name, { revision: this._revisionOf(name) });
      const { [name]: _gone, ...rest } = this.state.events;
      this._patch({ events: rest });
      await this.reloadList();
      return this.trans.__('%1 is deleted.', name);
    });
  }

  dismissAction(): void {
    this._patch({ action: IDLE_DEPLOYMENT_ACTION });
  }

  /** The sidebar was shown or hidden: reading runs only while it is shown, and catches up when shown again. */
  setVisible(visible: boolean): void {
    if (visible && !this._visible && this._shownBefore) {
      void this.refresh();
    }
    this._shownBefore ||= visible;
    this._visible = visible;
    if (visible && this._timer === null) {
      this._timer = setInterval(() => void this._tick(), this._pollMs);
    } else if (!visible && this._timer !== null) {
      clearInterval(this._timer);
      this._timer = null;
    }
  }

  setPollInterval(ms: number): void {
    this._pollMs = ms;
    if (this._timer !== null) {
      clearInterval(this._timer);
      this._timer = null;
      this.setVisible(this._visible);
    }
  }

  protected onConnectionState(state: IConnectionState): void {
    this._patch({ permissions: deploymentsPermissions(state.identity) });
  }

  protected onDispose(): void {
    this.setVisible(false);
  }

  private async _tick(): Promise<void> {
    if (this._visible && !this.isDisposed && !this.state.action.busy) {
      await this.reloadList();
    }
  }

  private async _loadEvents(name: string): Promise<void> {
    try {
      const events = await this.connection.client.deployments.events(name);
      if (this.state.events[name]) {
        this._patch({ events: { ...this.state.events, [name]: { events, loading: false, problem: null } } });
      }
    } catch (error) {
      if (this.state.events[name]) {
        this._patch({
          events: {
            ...this.state.events,
            [name]: { events: [], loading: false, problem: this.describeProblem(error, this.trans.__('Reading the events of %1', name)) }
          }
        });
      }
    }
  }

  /** The revision the sidebar shows, so a change made elsewhere since is refused (409) rather than overwritten. */
  private _revisionOf(name: string): number | undefined {
    return this.state.list.deployments.find((deployment) => deployment.name === name)?.revision;
  }

  private async _act(what: string, action: () => Promise<string>): Promise<void> {
    this._patch({ action: { busy: true, message: null, problem: null } });
    try {
      const message = await action();
      this._patch({ action: { busy: false, message, problem: null } });
    } catch (error) {
      this._patch({ action: { busy: false, message: null, problem: this.describeProblem(error, what) } });
    }
  }

  private _patch(change: Partial<IDeploymentsState>): void {
    this.setState({ ...this.state, ...change });
  }
}
