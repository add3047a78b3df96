import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ConnectionModel } from '../connection/model';
import { DEFAULT_CONNECTION_SETTINGS, readConnectionSettings } from '../connection/settings';
import { mlportalIcon } from '../icons';
import { CommandIDs, IConnectionModel } from '../tokens';
import { ConnectionPanel } from './widget';

const PANEL_ID = 'mlportal-panel';
const PALETTE_CATEGORY = 'ML Portal';

/**
 * The ML Portal sidebar panel. It owns the `mlportal:panel` settings (backend URL, token, poll
 * interval), so it also provides the connection model that the other mlportal plugins share.
 */
export const panelPlugin: JupyterFrontEndPlugin<IConnectionModel> = {
  id: 'mlportal:panel',
  description: 'The ML Portal sidebar panel and the shared connection to the mlportal backend.',
  autoStart: true,
  requires: [ISettingRegistry],
  optional: [ILayoutRestorer, ICommandPalette],
  provides: IConnectionModel,
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ): Promise<IConnectionModel> => {
    const model = new ConnectionModel(DEFAULT_CONNECTION_SETTINGS);
    const panel = new ConnectionPanel(model);
    app.shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, PANEL_ID);

    app.commands.addCommand(CommandIDs.openPanel, {
      label: 'Open ML Portal Panel',
      caption: 'Show the ML Portal panel in the left sidebar',
      icon: mlportalIcon,
      execute: () => app.shell.activateById(PANEL_ID)
    });
    app.commands.addCommand(CommandIDs.refreshConnection, {
      label: 'Check ML Portal Connection',
      caption: 'Check the mlportal backend and token again now',
      execute: () => model.refresh()
    });
    palette?.addItem({ command: CommandIDs.openPanel, category: PALETTE_CATEGORY });
    palette?.addItem({ command: CommandIDs.refreshConnection, category: PALETTE_CATEGORY });

    try {
      const settings = await settingRegistry.load(panelPlugin.id);
      const apply = () => void model.configure(readConnectionSettings(settings.composite));
      settings.changed.connect(apply);
      apply();
    } catch (error) {
      console.error(`mlportal: could not load the ${panelPlugin.id} settings; using the defaults.`, error);
      void model.configure(DEFAULT_CONNECTION_SETTINGS);
    }
    return model;
  }
};
