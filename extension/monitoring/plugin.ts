import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification, WidgetTracker } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { DASHBOARD_KINDS, type Alert, type DashboardKind } from '@mlportal/sdk/core';
import { mlportalIcon } from '../icons';
import { CommandIDs, IConnectionModel } from '../tokens';
import { loadTrans } from '../ui/load-trans';
import { paletteCategory } from '../ui/palette';
import { AlertPoller, dashboardKindOf } from './alert-poller';
import { DashboardModel } from './dashboard-model';
import { DashboardWidget } from './dashboard-widget';
import { LabellingModel } from './labelling-model';
import { LabellingWidget } from './labelling-widget';
import { pick } from './picker';

const PLUGIN_ID = 'mlportal:monitoring';
const DEFAULTS = { alertPollIntervalSeconds: 60, labellingQueueSize: 50 };

function kindArg(args: ReadonlyPartialJSONObject): DashboardKind | undefined {
  return DASHBOARD_KINDS.find((kind) => kind === args.kind);
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
  optional: [ICommandPalette, ILayoutRestorer, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    connection: IConnectionModel,
    rendermime: IRenderMimeRegistry,
    settingRegistry: ISettingRegistry,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null
  ): Promise<void> => {
    const { commands, shell } = app;
    const trans = loadTrans(translator);
    const settings = { ...DEFAULTS };
    const dashboards = new WidgetTracker<DashboardWidget>({ namespace: 'mlportal-dashboards' });
    const labelling = new WidgetTracker<LabellingWidget>({ namespace: 'mlportal-labelling' });

    const openDashboard = async (kind: DashboardKind, deployment: string) => {
      let widget = dashboards.find((shown) => shown.model.state.kind === kind && shown.model.state.deployment === deployment);
      if (!widget) {
        widget = new DashboardWidget(new DashboardModel(connection, kind, deployment, trans), rendermime, trans);
        void dashboards.add(widget);
        shell.add(widget, 'main');
      }
      shell.activateById(widget.id);
      await widget.model.start();
    };

    const openLabelling = async (deployment: string) => {
      let widget = labelling.find((shown) => shown.model.state.deployment === deployment);
      if (!widget) {
        widget = new LabellingWidget(new LabellingModel(connection, deployment, () => settings.labellingQueueSize, trans), trans);
        void labelling.add(widget);
        shell.add(widget, 'main');
      }
      shell.activateById(widget.id);
      await widget.model.start();
    };

    commands.addCommand(CommandIDs.openDashboard, {
      label: (args) => {
        const kind = kindArg(args);
        const deployment = deploymentArg(args);
        return kind && deployment ? trans.__('Open the %1 Dashboard of %2', kind, deployment) : trans.__('Open Dashboard…');
      },
      caption: trans.__("Show a deployment's analyst, product or business dashboard"),
      icon: mlportalIcon,
      execute: async (args) => {
        const kind = kindArg(args);
        const deployment = deploymentArg(args);
        const picked =
          kind && deployment
            ? { kind, deployment }
            : await pick(connection.client, { kind, deployment }, !kind, trans.__('Open a dashboard'), trans.__('Open'), trans);
        if (picked) {
          await openDashboard(picked.kind, picked.deployment);
        }
      }
    });
    commands.addCommand(CommandIDs.openLabelling, {
      label: (args) => (deploymentArg(args) ? trans.__('Label Predictions of %1', deploymentArg(args)) : trans.__('Label Predictions…')),
      caption: trans.__('Label the low-confidence predictions of a deployment'),
      icon: mlportalIcon,
      execute: async (args) => {
        const deployment =
          deploymentArg(args) ??
          (await pick(connection.client, {}, false, trans.__('Label predictions'), trans.__('Open'), trans))?.deployment;
        if (deployment) {
          await openLabelling(deployment);
        }
      }
    });
    commands.addCommand(CommandIDs.refreshDashboard, {
      label: trans.__('Refresh Dashboard'),
      caption: trans.__('Read the dashboard (or labelling queue) in front again'),
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
      palette?.addItem({ command, category: paletteCategory(trans) });
    }

    // Dashboards and queues open when JupyterLab closed come back.
    void restorer?.restore(dashboards, {
      command: CommandIDs.openDashboard,
      args: (widget) => ({ kind: widget.model.state.kind, deployment: widget.model.state.deployment }),
      name: (widget) => `${widget.model.state.kind}:${widget.model.state.deployment}`
    });
    void restorer?.restore(labelling, {
      command: CommandIDs.openLabelling,
      args: (widget) => ({ deployment: widget.model.state.deployment }),
      name: (widget) => widget.model.state.deployment
    });

    const notify = (alert: Alert) => {
      Notification.warning(`${alert.deployment}: ${alert.message}`, {
        autoClose: false,
        actions: [
          {
            label: trans.__('Open dashboard'),
            caption: trans.__('The %1 dashboard of %2', dashboardKindOf(alert), alert.deployment),
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
        settings.alertPollIntervalSeconds =
          typeof alertPollIntervalSeconds === 'number' && alertPollIntervalSeconds >= 0
            ? alertPollIntervalSeconds
            : DEFAULTS.alertPollIntervalSeconds;
        settings.labellingQueueSize =
          typeof labellingQueueSize === 'number' && labellingQueueSize >= 1 ? labellingQueueSize : DEFAULTS.labellingQueueSize;
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
