import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { panelPlugin } from './panel/plugin';

const plugins: JupyterFrontEndPlugin<any>[] = [panelPlugin];

export default plugins;
