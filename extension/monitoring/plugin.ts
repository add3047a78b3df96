import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification, WidgetTracker } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { refreshIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { DASHBOARD_KINDS, type Alert, type DashboardKind } from '@mlportal/sdk/core';
import { mlportalIcon } from '../icons';
import { CommandIDs, IConnectionModel } from '../tokens';
import { AlertPoller, dashboardKindOf } from './alert-poller';
import { DashboardModel } from './dashboard-model';
import { DashboardWidget } from './dashboard-widget';
import { LabellingModel } from './labelling-model';
import { LabellingWidget } from './labelling-widget';
import { pick } from './picker';

const PLUGIN_ID = 'mlportal:monitoring';
const PALETTE_CATEGORY = 'ML Portal';
const DEFAULTS = { alertPollIntervalSeconds: 60, labellingQueueSize: 50 };

function kindArg(args: ReadonlyPartialJSONObject): DashboardKind | undefined {
  return DASHBOARD_KINDS.find(kind => kind === args.kind);
}

function deploymentArg(args: ReadonlyPartialJSONObject): string | undefined {
  return typeof args.deployment === 'string' && args.deployment.trim() !== '' ? args.deployment.trim() : undefined;
}

/**
 * Monitoring in JupyterLab: the analyst, product and business dashboards of a deployment in the
 * main area (each panel's Vega-Lite chart drawn by JupyterLab's own renderer), the labelling queue
 * for analysts, and a notification for each alert the backend fires.
 */
export const monitoringPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: "Deployments' dashboards, the labelling queue and alert notifications.",
  autoStart: true,
  requires: [IConnectionModel, IRenderMimeRegistry, ISettingRegistry],
  optional: [ICommandPalette, ILayoutRestorer],
  activate: async (
    app: JupyterFrontEnd,
    connection: IConnectionModel,
    rendermime: IRenderMimeRegistry,
    settingRegistry: ISettingRegistry,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null
  ): Promise<void> => {
    const { commands, shell } = app;
    const settings = { ...DEFAULTS };
    const dashboards = new WidgetTracker<DashboardWidget>({ namespace: 'mlportal-dashboards' });
    const labelling = new WidgetTracker<LabellingWidget>({ namespace: 'mlportal-labelling' });

    const openDashboard = async (kind: DashboardKind, deployment: string) => {
      let widget = dashboards.find(shown => shown.model.state.kind === kind && shown.model.state.deployment === deployment);
      if (!widget) {
        widget = new DashboardWidget(new DashboardModel(connection, kind, deployment), rendermime);
        void dashboards.add(widget);
        shell.add(widget, 'main');
      }
      shell.activateById(widget.id);
      await widget.model.start();
    };

    const openLabelling = async (deployment: string) => {
      let widget = labelling.find(shown => shown.model.state.deployment === deployment);
      if (!widget) {
        widget = new LabellingWidget(new LabellingModel(connection, deployment, () => settings.labellingQueueSize));
        void labelling.add(widget);
        shell.add(widget, 'main');
      }
      shell.activateById(widget.id);
      await widget.model.start();
    };

    commands.addCommand(CommandIDs.openDashboard, {
      label: args => {
        const kind = kindArg(args);
        const deployment = deploymentArg(args);
        return kind && deployment ? `Open the ${kind} Dashboard of ${deployment}` : 'Open Dashboard…';
      },
      caption: "Show a deployment's analyst, product or business dashboard",
      icon: mlportalIcon,
      execute: async args => {
        const kind = kindArg(args);
        const deployment = deploymentArg(args);
        const picked = kind && deployment ? { kind, deployment } : await pick(connection.client, { kind, deployment }, !kind, 'Open a dashboard', 'Open');
        if (picked) {
          await openDashboard(picked.kind, picked.deployment);
        }
      }
    });
    commands.addCommand(CommandIDs.openLabelling, {
      label: args => (deploymentArg(args) ? `Label Predictions of ${deploymentArg(args)}` : 'Label Predictions…'),
      caption: 'Label the low-confidence predictions of a deployment',
      icon: mlportalIcon,
      execute: async args => {
        const deployment = deploymentArg(args) ?? (await pick(connection.client, {}, false, 'Label predictions', 'Open'))?.deployment;
        if (deployment) {
          await openLabelling(deployment);
        }
      }
    });
    commands.addCommand(CommandIDs.refreshDashboard, {
      label: 'Refresh Dashboard',
      caption: 'Read the dashboard (or labelling queue) in front again',
      icon: refreshIcon,
      isEnabled: () => !!dashboards.currentWidget || !!labelling.currentWidget,
      execute: () => {
        const current = shell.currentWidget;
        if (current instanceof DashboardWidget || current instanceof LabellingWidget) {
          return current.model.refresh();
        }
        return (dashboards.currentWidget ?? labelling.currentWidget)?.model.refresh();
      }
    });
    for (const command of [CommandIDs.openDashboard, CommandIDs.openLabelling, CommandIDs.refreshDashboard]) {
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    }

    // Dashboards and queues open when JupyterLab closed come back.
    void restorer?.restore(dashboards, {
      command: CommandIDs.openDashboard,
      args: widget => ({ kind: widget.model.state.kind, deployment: widget.model.state.deployment }),
      name: widget => `${widget.model.state.kind}:${widget.model.state.deployment}`
    });
    void restorer?.restore(labelling, {
      command: CommandIDs.openLabelling,
      args: widget => ({ deployment: widget.model.state.deployment }),
      name: widget => widget.model.state.deployment
    });

    const notify = (alert: Alert) => {
      Notification.warning(`${alert.deployment}: ${alert.message}`, {
        autoClose: false,
        actions: [
          {
            label: 'Open dashboard',
            caption: `The ${dashboardKindOf(alert)} dashboard of ${alert.deployment}`,
            callback: () => void commands.execute(CommandIDs.openDashboard, { kind: dashboardKindOf(alert), deployment: alert.deployment })
          }
        ]
      });
    };
    const poller = new AlertPoller(connection.client, notify);

    try {
      const loaded = await settingRegistry.load(PLUGIN_ID);
      const apply = () => {
        const { alertPollIntervalSeconds, labellingQueueSize } = loaded.composite;
        settings.alertPollIntervalSeconds = typeof alertPollIntervalSeconds === 'number' && alertPollIntervalSeconds >= 0 ? alertPollIntervalSeconds : DEFAULTS.alertPollIntervalSeconds;
        settings.labellingQueueSize = typeof labellingQueueSize === 'number' && labellingQueueSize >= 1 ? labellingQueueSize : DEFAULTS.labellingQueueSize;
        poller.setInterval(settings.alertPollIntervalSeconds);
      };
      loaded.changed.connect(apply);
      apply();
    } catch (error) {
      console.error(`mlportal: could not load the ${PLUGIN_ID} settings; using the defaults.`, error);
      poller.setInterval(settings.alertPollIntervalSeconds);
    }
  }
};
