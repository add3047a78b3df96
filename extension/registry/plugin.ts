import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { registryIcon } from '../icons';
import { CommandIDs, IConnectionModel } from '../tokens';
import { loadTrans } from '../ui/load-trans';
import { paletteCategory } from '../ui/palette';
import { addSidebar } from '../ui/sidebar';
import { markdownRenderer } from './markdown';
import { ModelRegistryModel } from './model';
import { activeCodeCell, registerFromActiveCell, showRegistered } from './register/register-cell';
import { REGISTRY_PANEL_ID, ModelRegistryPanel } from './widget';

const PLUGIN_ID = 'mlportal:registry';
/** The toolbar's name in schema/registry.json's "jupyter.lab.toolbars". */
const TOOLBAR_FACTORY = 'ModelRegistry';

/**
 * The Model Registry sidebar (models → versions → signature, lineage, compare, promote) and the
 * "Register model" action of notebook cells (its button is declared in schema/registry.json).
 */
export const registryPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The Model Registry sidebar and the "Register model" cell toolbar action.',
  autoStart: true,
  requires: [IConnectionModel, ISettingRegistry, IToolbarWidgetRegistry],
  optional: [INotebookTracker, ICommandPalette, ILayoutRestorer, ITranslator, IRenderMimeRegistry],
  activate: (
    app: JupyterFrontEnd,
    connection: IConnectionModel,
    settingRegistry: ISettingRegistry,
    toolbarRegistry: IToolbarWidgetRegistry,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null,
    rendermime: IRenderMimeRegistry | null
  ): void => {
    const { commands } = app;
    const trans = loadTrans(translator);
    const model = new ModelRegistryModel(connection, { trans });
    const panel = new ModelRegistryPanel(model, {
      trans,
      renderMarkdown: rendermime ? markdownRenderer(rendermime) : null,
      deploy: (name, version) => void commands.execute(CommandIDs.openDeployWizard, { model: name, version }),
      // Feature Discovery opens the feature's group page.
      openFeature: (feature) => {
        if (commands.hasCommand(CommandIDs.openFeatures)) {
          void commands.execute(CommandIDs.openFeatures, { group: feature.group, feature: feature.feature });
        }
      }
    });
    addSidebar({
      app,
      panel,
      pluginId: PLUGIN_ID,
      toolbarName: TOOLBAR_FACTORY,
      toolbarRegistry,
      settingRegistry,
      translator,
      restorer,
      rank: 920,
      title: trans.__('Model Registry'),
      icon: registryIcon,
      commands: { open: CommandIDs.openRegistry, refresh: CommandIDs.refreshRegistry },
      refresh: () => model.refresh(),
      refreshCaption: trans.__('Read the registered models again')
    });

    const openVersion = async (name: string, version?: number) => {
      app.shell.activateById(REGISTRY_PANEL_ID);
      await model.start();
      await (version === undefined ? model.openModel(name) : model.openVersion(name, version));
    };

    commands.addCommand(CommandIDs.openModelVersion, {
      label: (args) =>
        typeof args.version === 'number'
          ? trans.__('Open %1 v%2', String(args.model), args.version)
          : trans.__('Open Model %1', String(args.model ?? '')),
      caption: trans.__('Show a registered model, or one of its versions, in the Model Registry'),
      icon: registryIcon,
      isEnabled: (args) => typeof args.model === 'string' && args.model !== '',
      execute: (args) => openVersion(String(args.model), typeof args.version === 'number' ? args.version : undefined)
    });

    const canRegister = () => connection.state.identity?.permissions.includes('models:register') !== false;
    commands.addCommand(CommandIDs.registerModel, {
      label: trans.__('Register Model'),
      caption: trans.__('Register the ONNX model this cell produced (a variable or a file) in the model registry'),
      icon: registryIcon,
      isVisible: () => !!activeCodeCell(notebooks?.currentWidget),
      isEnabled: () => !!activeCodeCell(notebooks?.currentWidget) && canRegister(),
      execute: async () => {
        const notebook = notebooks?.currentWidget;
        if (!notebook) {
          Notification.warning(trans.__('Open a notebook and select the cell that produced the model first.'), { autoClose: 5000 });
          return;
        }
        try {
          const version = await registerFromActiveCell(notebook, trans);
          if (version) {
            void model.refresh();
            if (await showRegistered(version, trans)) {
              await openVersion(version.model, version.version);
            }
          }
        } catch (error) {
          Notification.error(trans.__('Registering the model failed: %1', error instanceof Error ? error.message : String(error)), {
            autoClose: false
          });
        }
      }
    });
    for (const command of [CommandIDs.openRegistry, CommandIDs.refreshRegistry, CommandIDs.registerModel]) {
      palette?.addItem({ command, category: paletteCategory(trans) });
    }

    // The cell toolbar's button follows the active cell and what the token may do.
    notebooks?.activeCellChanged.connect(() => commands.notifyCommandChanged(CommandIDs.registerModel));
    connection.stateChanged.connect(() => commands.notifyCommandChanged(CommandIDs.registerModel));
  }
};
