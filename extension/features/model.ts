import type { TranslationBundle } from '@jupyterlab/translation';
import type { FeaturesApi, Group, SearchQuery } from '@mlportal/sdk/core';
import { ConnectedModel } from '../connection/connected-model';
import type { IConnectionModel } from '../tokens';
import { cellCode, type CodeVariant } from './cell-code';
import { exampleEntities, type IExampleEntities, type IGroupSample } from './example-entities';
import { isForbidden } from '../ui/problem';
import { TypingPause } from '../ui/typing-pause';
import { rowsNotVisible } from './rows-hidden';
import { EMPTY_FILTERS, groupOfReference, type IFacets, type IFeatureDiscoveryState, type IGroupPage, type ISearchFilters } from './state';

/** The permission that lets a token see feature rows (previews, online values, training-set data). */
const READ_ROWS = 'features:read-rows';

export interface IFeatureDiscoveryOptions {
  /** Entity rows written into inserted code (default 5). */
  exampleRows?: number;
  /** Pause after the last keystroke before searching (default 250 ms); filters search at once. */
  typingDelayMs?: number;
  /** The plugin's translation bundle (the strings as written when none is given). */
  trans?: TranslationBundle;
}

/** What "Insert code" needs: the cell's source and whether it runs as it is. */
export interface IFeatureCode {
  source: string;
  examples: IExampleEntities;
}

/**
 * The Feature Discovery sidebar's state: the search with its filters, the open group page and the
 * selected features. It talks to the backend only through the shared client's features API, loads
 * nothing until the panel is first shown (`start()`), and reloads when the connection comes back or
 * moves to another backend. Answers to requests that a newer one has overtaken are dropped.
 */
export class FeatureDiscoveryModel extends ConnectedModel<IFeatureDiscoveryState> {
  private _exampleRows: number;
  private readonly _typing: TypingPause;
  private _searchGeneration = 0;
  private _pageGeneration = 0;
  /** Group documents and previews for inserted code, until the next refresh. */
  private _samples = new Map<string, Promise<IGroupSample>>();

  constructor(connection: IConnectionModel, options: IFeatureDiscoveryOptions = {}) {
    super(
      connection,
      {
        filters: EMPTY_FILTERS,
        facets: { tags: [], owners: [], entities: [] },
        search: { loading: false, hits: [], total: 0, problem: null, done: false },
        page: null,
        selection: []
      },
      options.trans
    );
    this._exampleRows = options.exampleRows ?? 5;
    this._typing = new TypingPause(options.typingDelayMs ?? 250, () => void this.search());
  }

  /** False when whoami says the token may not read rows; null while that is unknown. */
  get canReadRows(): boolean | null {
    const identity = this.connection.state.identity;
    return identity ? identity.permissions.includes(READ_ROWS) : null;
  }

  set exampleRows(count: number) {
    this._exampleRows = Math.max(1, Math.floor(count));
  }

  /** Reloads the filter choices, the results and the open page. */
  async refresh(): Promise<void> {
    this._samples.clear();
    const page = this.state.page;
    await Promise.all([this._loadFacets(), this.search(), page ? this.openGroup(page.name, page.focus ?? undefined) : Promise.resolve()]);
  }

  /** Changes filters: words are searched for after a pause in typing, other filters at once. */
  setFilters(change: Partial<ISearchFilters>): void {
    this.setState({ ...this.state, filters: { ...this.state.filters, ...change } });
    const onlyWords = Object.keys(change).every((key) => key === 'q');
    if (onlyWords) {
      this._typing.restart();
    } else {
      void this.search();
    }
  }

  /** Searches now with the current filters. */
  async search(): Promise<void> {
    this._typing.cancel();
    const generation = ++this._searchGeneration;
    this._setSearch({ loading: true });
    try {
      const result = await this._features().search(searchQuery(this.state.filters));
      if (generation === this._searchGeneration) {
        this._setSearch({ loading: false, hits: result.results, total: result.total, problem: null, done: true });
      }
    } catch (error) {
      if (generation === this._searchGeneration) {
        this._setSearch({
          loading: false,
          hits: [],
          total: 0,
          problem: this.describeProblem(error, this.trans.__('Searching the feature catalog')),
          done: true
        });
      }
    }
  }

  /** Opens a group's page: its definition, current version's statistics, usage and latest rows. */
  async openGroup(name: string, focus?: string): Promise<void> {
    const generation = ++this._pageGeneration;
    const stillOpen = () => generation === this._pageGeneration && !this.isDisposed;
    const previous = this.state.page?.name === name ? this.state.page : null;
    this._setPage({
      name,
      loading: true,
      group: previous?.group ?? null,
      version: previous?.version ?? null,
      usage: previous?.usage ?? null,
      preview: previous?.preview ?? null,
      problem: null,
      previewProblem: null,
      focus: focus ?? null
    });
    const features = this._features();
    const [catalog, usage, rows] = await Promise.all([
      Promise.all([features.group(name), features.version(name)]).then(
        ([group, version]) => ({ group, version, problem: null }),
        (error) => ({
          group: null,
          version: null,
          problem: this.describeProblem(error, this.trans.__('Reading the feature group %1', name))
        })
      ),
      // Usage is a nicety: the page still works without it.
      features.usage(name).catch(() => null),
      this._readPreview(name)
    ]);
    if (!stillOpen()) {
      return;
    }
    this._setPage({ name, loading: false, ...catalog, usage, ...rows, focus: focus ?? null });
    if (catalog.group) {
      this._samples.set(name, Promise.resolve({ group: catalog.group, preview: rows.preview }));
    }
  }

  /** Back to the results. */
  closeGroup(): void {
    this._pageGeneration++;
    this.setState({ ...this.state, page: null });
  }

  setSelected(reference: string, selected: boolean): void {
    const current = this.state.selection;
    const has = current.includes(reference);
    if (selected === has) {
      return;
    }
    this.setState({
      ...this.state,
      selection: selected ? [...current, reference] : current.filter((known) => known !== reference)
    });
  }

  /** Selects or clears every feature of one group. */
  setGroupSelected(group: Pick<Group, 'name' | 'features'>, selected: boolean): void {
    const references = group.features.map((feature) => `${group.name}:${feature.name}`);
    const others = this.state.selection.filter((reference) => !references.includes(reference));
    const own = this.state.selection.filter((reference) => references.includes(reference));
    const kept = selected ? [...own, ...references.filter((reference) => !own.includes(reference))] : [];
    this.setState({ ...this.state, selection: [...others, ...kept] });
  }

  clearSelection(): void {
    this.setState({ ...this.state, selection: [] });
  }

  /**
   * tslab code for the selected features, with real entity keys from the groups' latest rows when
   * the token may read them. Rejects (with the SDK's error) when a selected group cannot be read.
   */
  async featureCode(variant: CodeVariant): Promise<IFeatureCode> {
    const references = this.state.selection;
    if (references.length === 0) {
      throw new Error(this.trans.__('Select at least one feature first.'));
    }
    const groups = [...new Set(references.map(groupOfReference))];
    const samples = await Promise.all(groups.map((name) => this._sample(name)));
    const examples = exampleEntities(samples, {
      limit: this._exampleRows,
      reservedColumns: references.map((reference) => reference.slice(reference.indexOf(':') + 1))
    });
    const placeholderReason =
      this.canReadRows === false
        ? 'rows are not visible to this token, so these keys are placeholders'
        : 'the selected groups hold no rows yet, so these keys are placeholders';
    return { source: cellCode(variant, { references, examples, placeholderReason }), examples };
  }

  protected onDispose(): void {
    this._typing.cancel();
  }

  private _features(): FeaturesApi {
    return this.connection.client.features;
  }

  private async _loadFacets(): Promise<void> {
    try {
      const groups = await this._features().groups();
      this.setState({ ...this.state, facets: facetsOf(groups) });
    } catch {
      // The search reports the same failure; the menus keep their last choices.
    }
  }

  private async _readPreview(name: string): Promise<Pick<IGroupPage, 'preview' | 'previewProblem'>> {
    if (this.canReadRows === false) {
      return { preview: null, previewProblem: rowsNotVisible(this.roles, undefined, this.trans) };
    }
    try {
      return { preview: await this._features().preview(name), previewProblem: null };
    } catch (error) {
      const problem = this.describeProblem(error, this.trans.__('Reading the rows of %1', name));
      return { preview: null, previewProblem: isForbidden(problem) ? rowsNotVisible(this.roles, problem, this.trans) : problem };
    }
  }

  /** A selected group's definition and latest rows, fetched once per refresh. */
  private _sample(name: string): Promise<IGroupSample> {
    let sample = this._samples.get(name);
    if (!sample) {
      sample = Promise.all([this._features().group(name), this._readPreview(name)]).then(([group, rows]) => ({
        group,
        preview: rows.preview
      }));
      // A failure is not remembered: the next Insert asks again.
      sample.catch(() => this._samples.delete(name));
      this._samples.set(name, sample);
    }
    return sample;
  }

  private _setSearch(change: Partial<IFeatureDiscoveryState['search']>): void {
    this.setState({ ...this.state, search: { ...this.state.search, ...change } });
  }

  private _setPage(page: IGroupPage): void {
    this.setState({ ...this.state, page });
  }
}

function searchQuery(filters: ISearchFilters): SearchQuery {
  const query: SearchQuery = {};
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.tag) query.tag = filters.tag;
  if (filters.owner) query.owner = filters.owner;
  if (filters.entity) query.entity = filters.entity;
  if (filters.type) query.type = filters.type;
  return query;
}

function facetsOf(groups: Group[]): IFacets {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return {
    tags: sorted(groups.flatMap((group) => [...group.tags, ...group.features.flatMap((feature) => feature.tags)])),
    owners: sorted(groups.map((group) => group.owner)),
    entities: sorted(groups.map((group) => group.entity))
  };
}
