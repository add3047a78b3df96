import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { createToolbarFactory, IToolbarWidgetRegistry, setToolbar } from '@jupyterlab/apputils';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { LabIcon, refreshIcon } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { Widget } from '@lumino/widgets';
import { TRANSLATION_DOMAIN } from './load-trans';

/** What every mlportal sidebar plugin sets up alike. */
export interface ISidebarSetup {
  app: JupyterFrontEnd;
  /** The panel, its `id` set (the layout restorer and the Open command use it). */
  panel: Widget;
  pluginId: string;
  /** The toolbar's name in the plugin's schema ("jupyter.lab.toolbars"). */
  toolbarName: string;
  toolbarRegistry: IToolbarWidgetRegistry;
  settingRegistry: ISettingRegistry;
  translator: ITranslator | null;
  restorer: ILayoutRestorer | null;
  rank: number;
  /** Its name in the command labels, translated: "Open <title>", "Refresh <title>". */
  title: string;
  icon: LabIcon;
  commands: { open: string; refresh: string };
  refresh: () => unknown;
  /** Translated, as the title is. */
  refreshCaption: string;
  /** Runs after Open showed the panel, with the command's arguments (e.g. what to show in it). */
  onOpen?: (args: ReadonlyPartialJSONObject) => unknown;
}

/**
 * Adds the panel to the left sidebar with the toolbar its settings declare (restored on reload),
 * and its Open and Refresh commands. The toolbar factory comes first: it registers the transform
 * that the schema's "jupyter.lab.transform" makes the plugin's settings wait for.
 */
export function addSidebar(setup: ISidebarSetup): void {
  const { app, panel } = setup;
  const translator = setup.translator ?? nullTranslator;
  const trans = translator.load(TRANSLATION_DOMAIN);
  setToolbar(panel, createToolbarFactory(setup.toolbarRegistry, setup.settingRegistry, setup.toolbarName, setup.pluginId, translator));
  app.shell.add(panel, 'left', { rank: setup.rank });
  setup.restorer?.add(panel, panel.id);
  app.commands.addCommand(setup.commands.open, {
    label: trans.__('Open %1', setup.title),
    caption: trans.__('Show the %1 panel in the left sidebar', setup.title),
    icon: setup.icon,
    execute: (args) => {
      app.shell.activateById(panel.id);
      return setup.onOpen?.(args);
    }
  });
  app.commands.addCommand(setup.commands.refresh, {
    label: trans.__('Refresh %1', setup.title),
    caption: setup.refreshCaption,
    icon: refreshIcon,
    execute: () => setup.refresh()
  });
}
