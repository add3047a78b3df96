import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { featuresPlugin } from './features/plugin';
import { panelPlugin } from './panel/plugin';

const plugins: JupyterFrontEndPlugin<any>[] = [panelPlugin, featuresPlugin];

export default plugins;
