/**
 * "The active run": one per process, like MLflow's, so that a notebook's later cells (and
 * models.register) log to the run an earlier cell started, whichever API object they use.
 */
import { onTrainingSetBuilt } from '../hooks';

/** What the process remembers of its active run. */
export interface ActiveRunHandle {
  readonly id: string;
  /** The backend the run lives on. */
  readonly url: string;
  /** Records the training set on the run's origin. */
  recordTrainingSet(trainingSetId: string): Promise<unknown>;
}

let current: ActiveRunHandle | undefined;

export function currentRun(): ActiveRunHandle | undefined {
  return current;
}

export function setCurrentRun(run: ActiveRunHandle | undefined): void {
  current = run;
}

// A training set built while a run is active is what the run trains on: the latest one built wins.
onTrainingSetBuilt(async ({ client, trainingSetId }) => {
  const run = current;
  if (!run || run.url !== client.url) return;
  try {
    await run.recordTrainingSet(trainingSetId);
  } catch (error) {
    // The training set itself was built and recorded; failing the cell over the run's origin would
    // lose its id for the notebook.
    console.warn(
      `mlportal: the training set ${trainingSetId} was built, but recording it on the active run ${run.id} failed: ${
        error instanceof Error ? error.message : String(error)
      }`
    );
  }
});
