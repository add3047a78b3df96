/**
 * Inside a training job the platform sets MLPORTAL_RUN_ID: the job's run becomes the process's
 * active run, so `runs.logMetrics({ loss })` logs to it with no configuration. A run started with
 * runs.start() afterwards takes its place, as anywhere else.
 */
import type { Environment } from '../types';
import { currentRun, setCurrentRun } from '../tracking/active';
import { ActiveRun, type RunsApi } from '../tracking/runs';
import type { Run } from '../tracking/types';

export const RUN_ID_VARIABLE = 'MLPORTAL_RUN_ID';
export const JOB_ID_VARIABLE = 'MLPORTAL_JOB_ID';
export const OUTPUT_DIR_VARIABLE = 'MLPORTAL_OUTPUT_DIR';

/**
 * Makes the environment's run the active one unless a run is active already; answers it. Its
 * `info` holds what the environment says until the first call to the backend refreshes it.
 */
export function adoptJobRun(runs: RunsApi, env: Environment = process.env): ActiveRun | undefined {
  const id = env[RUN_ID_VARIABLE]?.trim();
  const url = env.MLPORTAL_URL?.trim().replace(/\/+$/, '');
  if (!id || !url || currentRun()) return runs.active();
  const jobId = env[JOB_ID_VARIABLE]?.trim();
  const known: Run = {
    id,
    experimentId: '',
    name: jobId ?? id,
    status: 'RUNNING',
    startTime: new Date().toISOString(),
    createdBy: '',
    lifecycleStage: 'active',
    params: {},
    metrics: {},
    tags: {},
    origin: { source: 'job', ...(jobId ? { jobId } : {}) },
    artifactUri: `mlportal-artifacts:/runs/${id}`
  };
  const run = new ActiveRun(runs, known, url);
  setCurrentRun(run);
  return run;
}
