import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Clipboard, ICommandPalette, IToolbarWidgetRegistry, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { addBelowIcon, copyIcon, offlineBoltIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { featuresIcon } from '../icons';
import { CommandIDs, IConnectionModel } from '../tokens';
import { loadTrans } from '../ui/load-trans';
import { paletteCategory } from '../ui/palette';
import { describeProblem } from '../ui/problem';
import { addSidebar } from '../ui/sidebar';
import { CODE_VARIANTS, type CodeVariant } from './cell-code';
import { insertCodeCellBelow, otherKernel } from './insert-cell';
import { FeatureDiscoveryModel } from './model';
import { FeatureDiscoveryPanel } from './widget';

const PLUGIN_ID = 'mlportal:features';
/** The toolbar's name in schema/features.json's "jupyter.lab.toolbars". */
const TOOLBAR_FACTORY = 'FeatureDiscovery';
const DEFAULT_EXAMPLE_ROWS = 5;

/**
 * The Feature Discovery sidebar: search the feature catalog, read a group's statistics, select
 * features, and insert tslab code for them into the active notebook or copy their references.
 */
export const featuresPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The Feature Discovery sidebar: search features, see their statistics, insert SDK code for them.',
  autoStart: true,
  requires: [IConnectionModel, ISettingRegistry, IToolbarWidgetRegistry],
  optional: [INotebookTracker, ICommandPalette, ILayoutRestorer, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    connection: IConnectionModel,
    settingRegistry: ISettingRegistry,
    toolbarRegistry: IToolbarWidgetRegistry,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null
  ): Promise<void> => {
    const trans = loadTrans(translator);
    const model = new FeatureDiscoveryModel(connection, { exampleRows: DEFAULT_EXAMPLE_ROWS, trans });
    const panel = new FeatureDiscoveryPanel(model, trans);
    // Before the settings load: the toolbar factory registers the transform that schema's
    // "jupyter.lab.transform" makes the settings wait for.
    addSidebar({
      app,
      panel,
      pluginId: PLUGIN_ID,
      toolbarName: TOOLBAR_FACTORY,
      toolbarRegistry,
      settingRegistry,
      translator,
      restorer,
      rank: 910,
      title: trans.__('Feature Discovery'),
      icon: featuresIcon,
      commands: { open: CommandIDs.openFeatures, refresh: CommandIDs.refreshFeatures },
      refresh: () => model.refresh(),
      refreshCaption: trans.__('Read the feature catalog again'),
      // Args { group, feature? } open that group's page (the Model Registry's lineage links do).
      onOpen: async (args) => {
        if (typeof args.group === 'string' && args.group !== '') {
          await model.start();
          await model.openGroup(args.group, typeof args.feature === 'string' ? args.feature : undefined);
        }
      }
    });

    const { commands } = app;
    const hasSelection = () => model.state.selection.length > 0;
    commands.addCommand(CommandIDs.insertFeatureCode, {
      label: (args) => (variantOf(args) === 'online' ? trans.__('Insert Online Feature Lookup') : trans.__('Insert Training Set Code')),
      caption: (args) =>
        variantOf(args) === 'online'
          ? trans.__('Add a tslab cell below the active one that fetches the latest values of the selected features')
          : trans.__('Add a tslab cell below the active one that builds a point-in-time training set of the selected features'),
      icon: (args) => (variantOf(args) === 'online' ? offlineBoltIcon : addBelowIcon),
      isEnabled: () => hasSelection() && !!notebooks?.currentWidget,
      execute: async (args) => {
        const notebook = notebooks?.currentWidget;
        if (!notebook) {
          Notification.warning(trans.__('Open a notebook first: the code goes into the active notebook.'), { autoClose: 5000 });
          return;
        }
        try {
          const code = await model.featureCode(variantOf(args));
          insertCodeCellBelow(notebook, code.source);
          app.shell.activateById(notebook.id);
          const kernel = otherKernel(notebook);
          if (kernel) {
            Notification.warning(trans.__('The inserted code is TypeScript for the tslab kernel; this notebook runs %1.', kernel), {
              autoClose: 8000
            });
          } else if (!code.examples.fromData) {
            Notification.info(trans.__('Replace the example entity keys in the inserted cell before running it.'), { autoClose: 8000 });
          }
        } catch (error) {
          Notification.error(describeProblem(error, trans.__('Writing the feature code'), trans).message, { autoClose: false });
        }
      }
    });
    commands.addCommand(CommandIDs.copyFeatureReference, {
      label: trans.__('Copy Feature Reference'),
      caption: trans.__('Copy the selected features as "group:feature" references, one a line'),
      icon: copyIcon,
      isEnabled: hasSelection,
      execute: () => {
        const references = model.state.selection;
        Clipboard.copyToSystem(references.join('\n'));
        Notification.success(
          references.length === 1 ? trans.__('Copied %1', references[0]) : trans.__('Copied %1 feature references', references.length),
          { autoClose: 3000 }
        );
      }
    });
    for (const command of [CommandIDs.openFeatures, CommandIDs.refreshFeatures, CommandIDs.copyFeatureReference]) {
      palette?.addItem({ command, category: paletteCategory(trans) });
    }
    for (const variant of CODE_VARIANTS) {
      palette?.addItem({ command: CommandIDs.insertFeatureCode, args: { variant }, category: paletteCategory(trans) });
    }

    // Buttons follow what the commands may do now.
    let selectionSize = model.state.selection.length;
    model.stateChanged.connect((_, state) => {
      if (state.selection.length !== selectionSize) {
        selectionSize = state.selection.length;
        commands.notifyCommandChanged(CommandIDs.insertFeatureCode);
        commands.notifyCommandChanged(CommandIDs.copyFeatureReference);
      }
    });
    notebooks?.currentChanged.connect(() => commands.notifyCommandChanged(CommandIDs.insertFeatureCode));

    try {
      const settings = await settingRegistry.load(PLUGIN_ID);
      const apply = () => {
        const rows = settings.composite.exampleRows;
        model.exampleRows = typeof rows === 'number' && rows >= 1 ? rows : DEFAULT_EXAMPLE_ROWS;
      };
      settings.changed.connect(apply);
      apply();
    } catch (error) {
      console.error(`mlportal: could not load the ${PLUGIN_ID} settings; using the defaults.`, error);
    }
  }
};

function variantOf(args: ReadonlyPartialJSONObject): CodeVariant {
  return args.variant === 'online' ? 'online' : 'training-set';
}
