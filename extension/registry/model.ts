import type { TranslationBundle } from '@jupyterlab/translation';
import { MlportalApiError, type ModelsApi, type Stage } from '@mlportal/sdk/core';
import { ConnectedModel } from '../connection/connected-model';
import type { IConnectionModel, IConnectionState } from '../tokens';
import { andList } from '../ui/and-list';
import { TypingPause } from '../ui/typing-pause';
import { registryPermissions } from './permissions';
import {
  IDLE_ACTION,
  type IActionState,
  type IComparePage,
  type IModelListState,
  type IModelPage,
  type IRegistryPage,
  type IRegistryState,
  type IVersionPage
} from './state';

export interface IModelRegistryOptions {
  /** Pause after the last keystroke before searching (default 250 ms). */
  typingDelayMs?: number;
  /** The plugin's translation bundle (the strings as written when none is given). */
  trans?: TranslationBundle;
}

/** Versions compared at once: the sidebar shows two side by side. */
const COMPARED = 2;

/**
 * The Model Registry sidebar's state: the model list with its search, the open page (a model, a
 * version, or two versions compared), and the last stage or alias change. Loads nothing until the
 * panel is first shown (`start()`), reloads when the connection comes back or changes, and drops
 * answers that a newer request has overtaken.
 */
export class ModelRegistryModel extends ConnectedModel<IRegistryState> {
  private readonly _typing: TypingPause;
  private _listGeneration = 0;
  private _pageGeneration = 0;

  constructor(connection: IConnectionModel, options: IModelRegistryOptions = {}) {
    super(
      connection,
      {
        list: { query: '', loading: false, models: [], problem: null, done: false },
        page: null,
        action: IDLE_ACTION,
        permissions: registryPermissions(connection.state.identity)
      },
      options.trans
    );
    this._typing = new TypingPause(options.typingDelayMs ?? 250, () => void this.search());
  }

  /** Reloads the list and the open page. */
  async refresh(): Promise<void> {
    await Promise.all([this.search(), this._reopen()]);
  }

  /** Changes the search words; the list follows after a pause in typing. */
  setQuery(query: string): void {
    this._setList({ query });
    this._typing.restart();
  }

  /** Lists the models matching the search words now. */
  async search(): Promise<void> {
    this._typing.cancel();
    const generation = ++this._listGeneration;
    this._setList({ loading: true });
    try {
      const query = this.state.list.query.trim();
      const models = await this._models().list(query ? { search: query } : {});
      if (generation === this._listGeneration) {
        this._setList({ loading: false, models, problem: null, done: true });
      }
    } catch (error) {
      if (generation === this._listGeneration) {
        this._setList({
          loading: false,
          models: [],
          problem: this.describeProblem(error, this.trans.__('Listing the registered models')),
          done: true
        });
      }
    }
  }

  /** Opens a model's page: its description, aliases and versions. */
  openModel(name: string): Promise<void> {
    this._clearAction();
    return this._loadModel(name);
  }

  /** Opens one version's page; its lineage (run, training set) is read beside it. */
  openVersion(name: string, version: number): Promise<void> {
    this._clearAction();
    return this._loadVersion(name, version);
  }

  /** Compares versions of a model (the two ticked ones when none are given). */
  openCompare(name: string, versions?: number[]): Promise<void> {
    const current = this.state.page;
    const chosen = versions ?? (current?.kind === 'model' ? current.compareSelection : []);
    if (chosen.length < 2) {
      return Promise.reject(new Error(this.trans.__('Tick two versions to compare them.')));
    }
    this._clearAction();
    return this._loadCompare(
      name,
      [...chosen].sort((a, b) => a - b)
    );
  }

  /** Reads the open page again and forgets the last change's message (the Reload after a 409). */
  reload(): Promise<void> {
    this._clearAction();
    return this._reopen();
  }

  /** Ticks or clears a version for comparison on the model page; a third tick replaces the oldest. */
  setCompared(version: number, compared: boolean): void {
    const page = this.state.page;
    if (page?.kind !== 'model') {
      return;
    }
    const others = page.compareSelection.filter((known) => known !== version);
    const compareSelection = compared ? [...others, version].slice(-COMPARED) : others;
    this._setPage({ ...page, compareSelection });
  }

  /** One step up: a version or comparison goes back to its model, a model to the list. */
  back(): void {
    const page = this.state.page;
    if (page && page.kind !== 'model') {
      void this.openModel(page.name);
      return;
    }
    this._pageGeneration++;
    this.setState({ ...this.state, page: null, action: IDLE_ACTION });
    void this.search();
  }

  /**
   * Moves the open version to another stage, guarded by the revision the page shows. Resolves
   * whether it happened; a refusal is in `state.action`.
   */
  async transition(stage: Stage, options: { archiveExisting?: boolean; comment?: string } = {}): Promise<boolean> {
    const page = this._openVersion();
    const from = page.detail.stage;
    return this._change(this.trans.__('Moving version %1 of %2 to %3', page.version, page.name, stage), async () => {
      // The revision the page shows, not a fresh one: a change made since then is refused, not overwritten.
      const detail = await this._models().transition(page.name, page.version, stage, {
        expectedRevision: page.detail.revision,
        archiveExisting: options.archiveExisting,
        comment: options.comment
      });
      return { done: this.trans.__('Version %1 moved from %2 to %3.', page.version, from, detail.stage) };
    });
  }

  /** Points an alias of the open version's model at the open version. */
  async setAlias(alias: string): Promise<boolean> {
    const page = this._openVersion();
    const trimmed = alias.trim();
    if (!page.model) {
      throw new Error(this.trans.__('The model is not read yet.'));
    }
    const revision = page.model.revision;
    return this._change(this.trans.__('Setting the alias %1 on version %2 of %3', trimmed, page.version, page.name), async () => {
      await this._models().setAlias(page.name, trimmed, page.version, { expectedRevision: revision });
      return { done: this.trans.__('Alias %1 now points at version %2.', trimmed, page.version) };
    });
  }

  async deleteAlias(alias: string): Promise<boolean> {
    const page = this._openVersion();
    if (!page.model) {
      throw new Error(this.trans.__('The model is not read yet.'));
    }
    const revision = page.model.revision;
    return this._change(this.trans.__('Removing the alias %1 from %2', alias, page.name), async () => {
      await this._models().deleteAlias(page.name, alias, { expectedRevision: revision });
      return { done: this.trans.__('Alias %1 removed.', alias) };
    });
  }

  /** Forgets the last change's message (the user closed it). */
  dismissAction(): void {
    this.setState({ ...this.state, action: IDLE_ACTION });
  }

  protected onDispose(): void {
    this._typing.cancel();
  }

  private async _loadModel(name: string): Promise<void> {
    const stillOpen = this._newPage();
    const previous = this.state.page?.kind === 'model' && this.state.page.name === name ? this.state.page : null;
    const page: IModelPage = {
      kind: 'model',
      name,
      loading: true,
      model: previous?.model ?? null,
      versions: previous?.versions ?? [],
      compareSelection: previous?.compareSelection ?? [],
      problem: null
    };
    this._setPage(page);
    try {
      const [model, versions] = await Promise.all([this._models().get(name), this._models().versions(name)]);
      if (stillOpen()) {
        const known = new Set(versions.map((version) => version.version));
        this._setPage({ ...page, loading: false, model, versions, compareSelection: page.compareSelection.filter((v) => known.has(v)) });
      }
    } catch (error) {
      if (stillOpen()) {
        this._setPage({ ...page, loading: false, problem: this.describeProblem(error, this.trans.__('Reading the model %1', name)) });
      }
    }
  }

  private async _loadVersion(name: string, version: number): Promise<void> {
    const stillOpen = this._newPage();
    const current = this.state.page;
    const previous = current?.kind === 'version' && current.name === name && current.version === version ? current : null;
    const page: IVersionPage = {
      kind: 'version',
      name,
      version,
      loading: true,
      model: previous?.model ?? null,
      detail: previous?.detail ?? null,
      lineage: previous?.lineage ?? null,
      problem: null
    };
    this._setPage(page);
    const [read, lineage] = await Promise.all([
      Promise.all([this._models().get(name), this._models().version(name, version)]).then(
        ([model, detail]) => ({ model, detail, problem: null }),
        (error) => ({
          model: null,
          detail: null,
          problem: this.describeProblem(error, this.trans.__('Reading %1 version %2', name, version))
        })
      ),
      // The version carries its own lineage fields; the run and training set are a nicety.
      this._models()
        .lineage(name, version)
        .catch(() => null)
    ]);
    if (stillOpen()) {
      this._setPage({ ...page, loading: false, ...read, lineage });
    }
  }

  private async _loadCompare(name: string, ordered: number[]): Promise<void> {
    const stillOpen = this._newPage();
    const page: IComparePage = { kind: 'compare', name, versions: ordered, loading: true, comparison: null, problem: null };
    this._setPage(page);
    try {
      const comparison = await this._models().compare(name, ordered);
      if (stillOpen()) {
        this._setPage({ ...page, loading: false, comparison });
      }
    } catch (error) {
      if (stillOpen()) {
        this._setPage({
          ...page,
          loading: false,
          problem: this.describeProblem(error, this.trans.__('Comparing versions %1 of %2', andList(ordered.map(String), this.trans), name))
        });
      }
    }
  }

  /** Runs one change, then rereads the page so it shows the registry's state either way. */
  private async _change(what: string, change: () => Promise<{ done: string }>): Promise<boolean> {
    if (this.state.action.busy) {
      return false;
    }
    this._setAction({ busy: true, problem: null, stale: false, done: null });
    let action: IActionState;
    try {
      const { done } = await change();
      action = { busy: false, problem: null, stale: false, done };
    } catch (error) {
      const stale = error instanceof MlportalApiError && error.code === 'stale_revision';
      const problem = this.describeProblem(error, what);
      action = {
        busy: false,
        stale,
        done: null,
        problem: stale
          ? {
              ...problem,
              message: this.trans.__(
                '%1 was refused: someone changed it since this page was read (409 stale revision). Reload to see the current state, then try again.',
                what
              )
            }
          : problem
      };
    }
    this._setAction(action);
    // A stale page stays as it is until the user reloads, so they see what they acted on.
    if (!action.stale) {
      await this._reopen();
    }
    return action.done !== null;
  }

  private _models(): ModelsApi {
    return this.connection.client.models;
  }

  private _openVersion(): IVersionPage & { detail: NonNullable<IVersionPage['detail']> } {
    const page = this.state.page;
    if (page?.kind !== 'version' || !page.detail) {
      throw new Error(this.trans.__('Open a model version first.'));
    }
    return page as IVersionPage & { detail: NonNullable<IVersionPage['detail']> };
  }

  /** Reads the open page again (after a change, a reload or a reconnect). */
  private _reopen(): Promise<void> {
    const page: IRegistryPage | null = this.state.page;
    if (!page) {
      return Promise.resolve();
    }
    switch (page.kind) {
      case 'model':
        return this._loadModel(page.name);
      case 'version':
        return this._loadVersion(page.name, page.version);
      case 'compare':
        return this._loadCompare(page.name, page.versions);
    }
  }

  /** Starts a new page request; the function says whether it is still the latest. */
  private _newPage(): () => boolean {
    const generation = ++this._pageGeneration;
    return () => generation === this._pageGeneration && !this.isDisposed;
  }

  protected onConnectionState(state: IConnectionState): void {
    const permissions = registryPermissions(state.identity);
    if (JSON.stringify(permissions) !== JSON.stringify(this.state.permissions)) {
      this.setState({ ...this.state, permissions });
    }
  }

  private _setList(change: Partial<IModelListState>): void {
    this.setState({ ...this.state, list: { ...this.state.list, ...change } });
  }

  private _setPage(page: IRegistryPage): void {
    this.setState({ ...this.state, page });
  }

  private _clearAction(): void {
    if (this.state.action !== IDLE_ACTION && !this.state.action.busy) {
      this._setAction(IDLE_ACTION);
    }
  }

  private _setAction(action: IActionState): void {
    this.setState({ ...this.state, action });
  }
}
