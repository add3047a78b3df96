// The Node entry (notebooks, jobs): the browser-safe core plus the functions that read process.env
// and the feature store's file transfers.
export * from './core';
export {
  clientFromEnv,
  experiments,
  features,
  featuresOf,
  health,
  models,
  modelsOf,
  runs,
  runsOf,
  whoami,
  TOKEN_VARIABLE,
  URL_VARIABLE
} from './env';
export { NodeFeaturesApi, type DownloadedFile, type DownloadOptions, type FileOptions } from './features/files';
export type { Environment } from './types';
export { NodeRunsApi } from './tracking/files';
export { detectOrigin, KERNEL_VARIABLE, NOTEBOOK_PATH_VARIABLE, SESSION_NAME_VARIABLE } from './tracking/origin';
export { NodeModelsApi, type DownloadedModel, type NodeRegisterRequest } from './registry/files';
export { registerFromNotebook, type NotebookRegistration } from './registry/notebook';
export { onnx, train } from './onnx/namespaces';
export { adoptJobRun, JOB_ID_VARIABLE, OUTPUT_DIR_VARIABLE, RUN_ID_VARIABLE } from './jobs/job-run';
export { jobs, jobsOf } from './jobs/node';
export { deployments, deploymentsOf } from './deployments/node';
export { alerts, labels, monitoring, monitoringOf, NodeMonitoringApi, type DashboardOptions } from './monitoring/node';
export type { CellDisplay } from './monitoring/display';
