/**
 * The browser-safe part of the SDK (`@mlportal/sdk/core`): the client, its errors and the answer
 * types and shape checks. Nothing here may touch process, fs or any other Node-only API, because the
 * JupyterLab extension bundles this entry; the environment-driven functions live in index.ts.
 */
export { Client, type ClientAdvice, type ClientOptions, type Download, type RequestOptions } from './client';
export { MlportalApiError, MlportalConfigError, MlportalConnectionError, MlportalError } from './errors';
export { asErrorBody, asHealth, asWhoAmI } from './parse';
export type { ErrorBody, Health, WhoAmI } from './types';
export { FeaturesApi, type CallOptions } from './features/api';
export { maxAgeSeconds } from './features/max-age';
export type * from './features/types';
export { ExperimentsApi } from './tracking/experiments';
export { ActiveRun, RunsApi, type ArtifactContent, type LogBatch, type RunUpdate } from './tracking/runs';
export type * from './tracking/types';
export { ModelsApi } from './registry/api';
export { parseRegisteredLine, REGISTERED_LINE_PREFIX, type RegisteredSummary } from './registry/registered-line';
export type * from './registry/types';
export { JobsApi } from './jobs/api';
export type * from './jobs/types';
export { cellJob, DEFAULT_CELL_IMAGES, SDK_VERSION, type CellJob, type CellLanguage } from './jobs/cell-runner/commands';
export { CellCodeTooLargeError } from './jobs/cell-runner/payload';
export { DeploymentsApi, deploymentNameProblem, DEPLOYMENT_NAME_PATTERN } from './deployments/api';
export type * from './deployments/types';
export { MonitoringApi } from './monitoring/api';
export { LabelsApi, MAX_LABELS_PER_REQUEST } from './monitoring/labels';
export { AlertRulesApi, AlertsApi } from './monitoring/alerts';
export { DASHBOARD_KINDS, VEGA_LITE_MIME } from './monitoring/types';
export { specDataRows } from './monitoring/spec-rows';
export { withFixedWidth } from './monitoring/chart-width';
export type * from './monitoring/types';
