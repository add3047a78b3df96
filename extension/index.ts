import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { deploymentsPlugin } from './deployments/plugin';
import { featuresPlugin } from './features/plugin';
import { jobsPlugin } from './jobs/plugin';
import { monitoringPlugin } from './monitoring/plugin';
import { panelPlugin } from './panel/plugin';
import { registryPlugin } from './registry/plugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  panelPlugin,
  featuresPlugin,
  registryPlugin,
  jobsPlugin,
  deploymentsPlugin,
  monitoringPlugin
];

export default plugins;
