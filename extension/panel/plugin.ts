import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { ConnectionModel } from '../connection/model';
import { DEFAULT_CONNECTION_SETTINGS, readConnectionSettings } from '../connection/settings';
import { mlportalIcon } from '../icons';
import { CommandIDs, IConnectionModel } from '../tokens';
import { loadTrans } from '../ui/load-trans';
import { paletteCategory } from '../ui/palette';
import { ConnectionPanel } from './widget';

const PANEL_ID = 'mlportal-panel';

/**
 * The ML Portal sidebar panel. It owns the `mlportal:panel` settings (backend URL, token, poll
 * interval), so it also provides the connection model that the other mlportal plugins share.
 */
export const panelPlugin: JupyterFrontEndPlugin<IConnectionModel> = {
  id: 'mlportal:panel',
  description: 'The ML Portal sidebar panel and the shared connection to the mlportal backend.',
  autoStart: true,
  requires: [ISettingRegistry],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  provides: IConnectionModel,
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): Promise<IConnectionModel> => {
    const trans = loadTrans(translator);
    const model = new ConnectionModel(DEFAULT_CONNECTION_SETTINGS, trans);
    const panel = new ConnectionPanel(model, trans);
    app.shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, PANEL_ID);

    app.commands.addCommand(CommandIDs.openPanel, {
      label: trans.__('Open ML Portal Panel'),
      caption: trans.__('Show the ML Portal panel in the left sidebar'),
      icon: mlportalIcon,
      execute: () => app.shell.activateById(PANEL_ID)
    });
    app.commands.addCommand(CommandIDs.refreshConnection, {
      label: trans.__('Check ML Portal Connection'),
      caption: trans.__('Check the mlportal backend and token again now'),
      execute: () => model.refresh()
    });
    palette?.addItem({ command: CommandIDs.openPanel, category: paletteCategory(trans) });
    palette?.addItem({ command: CommandIDs.refreshConnection, category: paletteCategory(trans) });

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
