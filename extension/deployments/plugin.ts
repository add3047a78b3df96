import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { CommandIDs, IConnectionModel } from '../tokens';
import { loadTrans } from '../ui/load-trans';
import { paletteCategory } from '../ui/palette';
import { addSidebar } from '../ui/sidebar';
import { deploymentsIcon } from './icon';
import { DeploymentsModel } from './model';
import { DeploymentsPanel } from './widget';
import { DeployWizardModel } from './wizard/model';
import { DeployWizard } from './wizard/widget';

const PLUGIN_ID = 'mlportal:deployments';
/** The toolbar's name in schema/deployments.json's "jupyter.lab.toolbars". */
const TOOLBAR_FACTORY = 'Deployments';
const DEFAULT_POLL_SECONDS = 5;

/**
 * Online serving in JupyterLab: the deploy wizard (model and version → gate → configure → review →
 * deploy → live status and a test request), opened from the Model Registry's "Deploy" action or a
 * command, and the Deployments sidebar (endpoints, traffic split, live rate and latency, events,
 * rollback and delete).
 */
export const deploymentsPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The deploy wizard and the Deployments sidebar.',
  autoStart: true,
  requires: [IConnectionModel, ISettingRegistry, IToolbarWidgetRegistry],
  optional: [ICommandPalette, ILayoutRestorer, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    connection: IConnectionModel,
    settingRegistry: ISettingRegistry,
    toolbarRegistry: IToolbarWidgetRegistry,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null
  ): Promise<void> => {
    const { commands } = app;
    const trans = loadTrans(translator);
    let pollMs = DEFAULT_POLL_SECONDS * 1000;
    const model = new DeploymentsModel(connection, { pollMs, trans });
    const panel = new DeploymentsPanel(
      model,
      {
        openWizard: () => void commands.execute(CommandIDs.openDeployWizard, {}),
        openDashboard: (name) => void commands.execute(CommandIDs.openDashboard, { kind: 'analyst', deployment: name })
      },
      trans
    );
    addSidebar({
      app,
      panel,
      pluginId: PLUGIN_ID,
      toolbarName: TOOLBAR_FACTORY,
      toolbarRegistry,
      settingRegistry,
      translator,
      restorer,
      rank: 940,
      title: trans.__('Deployments'),
      icon: deploymentsIcon,
      commands: { open: CommandIDs.openDeployments, refresh: CommandIDs.refreshDeployments },
      refresh: () => model.refresh(),
      refreshCaption: trans.__('Read the deployments and their live figures again')
    });

    // One wizard at a time: opening it again starts it over with the version asked for.
    let wizard: DeployWizard | null = null;
    commands.addCommand(CommandIDs.openDeployWizard, {
      label: (args) =>
        typeof args.model === 'string'
          ? typeof args.version === 'number'
            ? trans.__('Deploy %1 v%2', args.model, args.version)
            : trans.__('Deploy %1', args.model)
          : trans.__('Deploy Model'),
      caption: trans.__('Deploy a registered model version behind an endpoint: gate, configure, review, deploy, test'),
      icon: deploymentsIcon,
      execute: async (args) => {
        if (!wizard || wizard.isDisposed) {
          wizard = new DeployWizard(
            new DeployWizardModel(connection, { pollMs, trans }),
            () => void commands.execute(CommandIDs.openDeployments),
            trans
          );
          wizard.disposed.connect(() => void model.refresh());
          app.shell.add(wizard, 'main');
        }
        app.shell.activateById(wizard.id);
        await wizard.model.open(
          typeof args.model === 'string' ? args.model : undefined,
          typeof args.version === 'number' ? args.version : undefined
        );
      }
    });
    for (const command of [CommandIDs.openDeployments, CommandIDs.refreshDeployments, CommandIDs.openDeployWizard]) {
      palette?.addItem({ command, category: paletteCategory(trans) });
    }

    try {
      const settings = await settingRegistry.load(PLUGIN_ID);
      const apply = () => {
        const seconds = settings.composite.pollIntervalSeconds;
        pollMs = (typeof seconds === 'number' && seconds >= 1 ? seconds : DEFAULT_POLL_SECONDS) * 1000;
        model.setPollInterval(pollMs);
        if (wizard && !wizard.isDisposed) {
          wizard.model.setPollInterval(pollMs);
        }
      };
      settings.changed.connect(apply);
      apply();
    } catch (error) {
      console.error(`mlportal: could not load the ${PLUGIN_ID} settings; using the defaults.`, error);
    }
  }
};
