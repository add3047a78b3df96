import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { featuresPlugin } from './features/plugin';
import { jobsPlugin } from './jobs/plugin';
import { panelPlugin } from './panel/plugin';
import { registryPlugin } from './registry/plugin';

const plugins: JupyterFrontEndPlugin<any>[] = [panelPlugin, featuresPlugin, registryPlugin, jobsPlugin];

export default plugins;
