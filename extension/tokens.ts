import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type {
  AlertsApi,
  DeploymentsApi,
  FeaturesApi,
  Health,
  JobsApi,
  LabelsApi,
  ModelsApi,
  MonitoringApi,
  RequestOptions,
  RunsApi,
  WhoAmI
} from '@mlportal/sdk/core';

/** Command ids of every mlportal plugin, in one place so menus, palette and tests agree. */
export namespace CommandIDs {
  export const openPanel = 'mlportal:open-panel';
  export const refreshConnection = 'mlportal:refresh-connection';
  export const openFeatures = 'mlportal:open-features';
  export const refreshFeatures = 'mlportal:refresh-features';
  /** Args: { variant?: 'training-set' | 'online' } (default 'training-set'). */
  export const insertFeatureCode = 'mlportal:insert-feature-code';
  export const copyFeatureReference = 'mlportal:copy-feature-reference';
  export const openRegistry = 'mlportal:open-registry';
  export const refreshRegistry = 'mlportal:refresh-registry';
  /** Args: { model: string, version?: number } — the model's page, or one version's. */
  export const openModelVersion = 'mlportal:open-model-version';
  /** Registers the ONNX model the active cell produced, through a dialog and the notebook's kernel. */
  export const registerModel = 'mlportal:register-model';
  export const openJobs = 'mlportal:open-jobs';
  export const refreshJobs = 'mlportal:refresh-jobs';
  /** Sends the active cell (after the notebook's cells tagged "setup") as a training job, through a dialog. */
  export const submitCellJob = 'mlportal:submit-cell-job';
  /** Sends every code cell of the notebook, in order, as a training job, through a dialog. */
  export const submitNotebookJob = 'mlportal:submit-notebook-job';
  /** Args: { jobId: string, view?: 'job' | 'run' } — a job's page (or its run's) in the Jobs sidebar. */
  export const openJob = 'mlportal:open-job';
  /** Args: { model?: string, version?: number } — the deploy wizard, with that version chosen when given. */
  export const openDeployWizard = 'mlportal:open-deploy-wizard';
  export const openDeployments = 'mlportal:open-deployments';
  export const refreshDeployments = 'mlportal:refresh-deployments';
  /** Args: { kind?: 'analyst' | 'product' | 'business', deployment?: string } — a dashboard in the main area; a picker asks for what is missing. */
  export const openDashboard = 'mlportal:open-dashboard';
  /** Args: { deployment?: string } — the deployment's labelling queue in the main area; a picker asks for a missing deployment. */
  export const openLabelling = 'mlportal:open-labelling';
  /** Reads the current dashboard (or labelling queue) again. */
  export const refreshDashboard = 'mlportal:refresh-dashboard';
}

// Answers and request options are the SDK's own types, so notebooks and the extension cannot drift
// apart; the aliases keep the extension's I-prefixed names for the plugins that use them.

/** GET /api/v1/health (no token needed). */
export type IHealthResponse = Health;

/** GET /api/v1/auth/whoami: the identity behind the bearer token. */
export type IWhoAmIResponse = WhoAmI;

/** What the client needs to reach the backend; comes from the `mlportal:panel` settings. */
export interface IConnectionSettings {
  /** Base URL of the backend, e.g. http://127.0.0.1:8765 (no trailing slash). */
  backendUrl: string;
  /** Bearer token; empty when the user has not set one. Never persisted anywhere but the settings. */
  token: string;
  /** Seconds between background health checks; 0 turns polling off. */
  pollIntervalSeconds: number;
}

/** Options for one request through the shared client: method, JSON body, query, anonymous. */
export type IRequestOptions = RequestOptions;

/** The single HTTP client every mlportal plugin shares; it follows the settings live. */
export interface IMlportalClient {
  /** The base URL requests currently go to. */
  readonly backendUrl: string;
  /** Whether a token is configured (the token itself is never exposed). */
  readonly hasToken: boolean;
  /** Point the client at another backend or token; later requests use them. */
  configure(settings: Pick<IConnectionSettings, 'backendUrl' | 'token'>): void;
  health(): Promise<IHealthResponse>;
  whoami(): Promise<IWhoAmIResponse>;
  /**
   * The SDK's feature-store API (`client.features`), following the settings like every other call;
   * while they are unusable its calls reject with MlportalConfigError.
   */
  readonly features: FeaturesApi;
  /** The SDK's model-registry API (`client.models`), following the settings like `features`. */
  readonly models: ModelsApi;
  /** The SDK's tracking runs (`client.runs`): a job's run, its params and metrics. */
  readonly runs: RunsApi;
  /** The SDK's training jobs (`client.jobs`): submit, follow logs, cancel, rerun, queues. */
  readonly jobs: JobsApi;
  /** The SDK's deployments (`client.deployments`): gate, deploy, roll out and back, predict, live figures. */
  readonly deployments: DeploymentsApi;
  /** The SDK's monitoring (`client.monitoring`): dashboards, drift, quality, settings, the labelling queue. */
  readonly monitoring: MonitoringApi;
  /** The SDK's late labels (`client.labels`). */
  readonly labels: LabelsApi;
  /** The SDK's alerts and alert rules (`client.alerts`). */
  readonly alerts: AlertsApi;
  /**
   * Any JSON endpoint under the backend URL. Rejects with the SDK's typed errors (from
   * @mlportal/sdk/core): MlportalApiError (an error answer), MlportalConnectionError (no answer),
   * MlportalConfigError (an unusable backend URL, or no token); connection/failure.ts words them.
   */
  request<T>(path: string, options?: IRequestOptions): Promise<T>;
}

/** data-state values of the panel's status element. */
export type ConnectionStatus = 'connected' | 'disconnected' | 'unauthorized' | 'unconfigured';

/** A snapshot of what the panel shows; replaced (never mutated) on each change. */
export interface IConnectionState {
  status: ConnectionStatus;
  backendUrl: string;
  /** True while a check is in flight. */
  checking: boolean;
  /** Known once the backend answered its health check. */
  health: IHealthResponse | null;
  /** Known once the token was accepted. */
  identity: IWhoAmIResponse | null;
  /** Why the state is not `connected`, in words a user can act on. */
  message: string | null;
  /** Request id of the refused request, for support. */
  requestId: string | null;
  checkedAt: Date | null;
}

/** Owns the connection state: polls health and whoami and tells listeners when anything changes. */
export interface IConnectionModel {
  readonly client: IMlportalClient;
  readonly state: IConnectionState;
  readonly stateChanged: ISignal<IConnectionModel, IConnectionState>;
  /** Check now (the Retry button); resolves with the new state. */
  refresh(): Promise<IConnectionState>;
}

/** Later plugins (features, registry, jobs) require this to reuse the one client and connection state. */
export const IConnectionModel = new Token<IConnectionModel>(
  'mlportal:IConnectionModel',
  'The mlportal backend connection: its shared HTTP client and live connection state.'
);
