/** The Node entry's monitoring, labels and alerts: through MLPORTAL_URL and MLPORTAL_TOKEN, or a client of your own. */
import type { Client } from '../client';
import { clientFromEnv } from '../env';
import { AlertsApi } from './alerts';
import { MonitoringApi } from './api';
import { dashboardSummary, kernelDisplay, showDashboard, type CellDisplay } from './display';
import { LabelsApi } from './labels';
import type { DashboardKind, DashboardQuery } from './types';

export interface DashboardOptions {
  /** Where to draw it; default: the tslab kernel's display, or the console outside a kernel. */
  display?: CellDisplay;
}

/** Monitoring with `dashboard()`, which draws a dashboard in the notebook cell's output. */
export class NodeMonitoringApi extends MonitoringApi {
  /**
   * Shows the dashboard in the cell's output: each panel's title and description, then its chart
   * (Vega-Lite, which JupyterLab draws). Outside a kernel it prints the panels' titles. Resolves to
   * nothing, so tslab prints nothing after the charts; dashboardData() answers the data itself.
   *
   * @example
   * ```ts
   * import { monitoring } from '@mlportal/sdk';
   * await monitoring.dashboard('product', { deployment: 'flights-delay', from: '2026-05-01' });
   * ```
   */
  async dashboard(kind: DashboardKind, query: DashboardQuery, options: DashboardOptions = {}): Promise<void> {
    const dashboard = await this.dashboardData(kind, query);
    const display = options.display ?? kernelDisplay();
    if (display) showDashboard(dashboard, display);
    else console.log(dashboardSummary(dashboard));
  }
}

/** Monitoring through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call: `import { monitoring } from '@mlportal/sdk'`. */
export const monitoring: NodeMonitoringApi = new NodeMonitoringApi(() => clientFromEnv({ requireToken: true }));

/** Late ground-truth labels through MLPORTAL_URL and MLPORTAL_TOKEN: `labels.send([{ predictionId, label }])`. */
export const labels: LabelsApi = new LabelsApi(() => clientFromEnv({ requireToken: true }));

/** Alerts and their rules through MLPORTAL_URL and MLPORTAL_TOKEN: `alerts.list()`, `alerts.rules.create(…)`. */
export const alerts: AlertsApi = new AlertsApi(() => clientFromEnv({ requireToken: true }));

/** Monitoring, with dashboards in cell outputs, through a client of your own. */
export function monitoringOf(client: Client): NodeMonitoringApi {
  return new NodeMonitoringApi(client);
}
