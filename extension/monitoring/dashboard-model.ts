import type { TranslationBundle } from '@jupyterlab/translation';
import type { Dashboard, DashboardKind } from '@mlportal/sdk/core';
import { ConnectedModel } from '../connection/connected-model';
import type { IConnectionModel } from '../tokens';
import type { IProblem } from '../ui/problem';
import { untranslated } from '../ui/untranslated';

/** How far back a dashboard looks, in hours, and its name; the picker in its toolbar offers these. */
export const DASHBOARD_WINDOWS: ReadonlyArray<{ hours: number; label(trans: TranslationBundle): string }> = [
  { hours: 24, label: (trans) => trans.__('Last day') },
  { hours: 24 * 7, label: (trans) => trans.__('Last 7 days') },
  { hours: 24 * 30, label: (trans) => trans.__('Last 30 days') }
];

export interface IDashboardState {
  kind: DashboardKind;
  deployment: string;
  windowHours: number;
  loading: boolean;
  dashboard: Dashboard | null;
  problem: IProblem | null;
}

/** One dashboard of one deployment, read when first shown and again on Refresh; a newer read wins. */
export class DashboardModel extends ConnectedModel<IDashboardState> {
  private _generation = 0;

  constructor(
    connection: IConnectionModel,
    kind: DashboardKind,
    deployment: string,
    trans: TranslationBundle = untranslated,
    private readonly _now: () => Date = () => new Date()
  ) {
    super(connection, { kind, deployment, windowHours: DASHBOARD_WINDOWS[0].hours, loading: false, dashboard: null, problem: null }, trans);
  }

  setWindow(hours: number): Promise<void> {
    this.setState({ ...this.state, windowHours: hours });
    return this.refresh();
  }

  async refresh(): Promise<void> {
    const generation = ++this._generation;
    const { kind, deployment, windowHours } = this.state;
    this.setState({ ...this.state, loading: true });
    const to = this._now();
    const from = new Date(to.getTime() - windowHours * 3_600_000);
    try {
      const dashboard = await this.connection.client.monitoring.dashboardData(kind, { deployment, from, to });
      if (generation === this._generation) {
        this.setState({ ...this.state, loading: false, dashboard, problem: null });
      }
    } catch (error) {
      if (generation === this._generation) {
        this.setState({
          ...this.state,
          loading: false,
          problem: this.describeProblem(error, this.trans.__('Reading the %1 dashboard of %2', kind, deployment))
        });
      }
    }
  }
}
