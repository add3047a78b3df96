/** MLflow's API has no revisions; the registry's writes need one. */
import { AppError } from '../platform/errors';

const STALE_RETRIES = 3;

/**
 * Reads the current revision and writes with it, again when somebody else wrote in between (the
 * write then lands on top of theirs, as MLflow's last-writer-wins would have it).
 */
export async function withCurrentRevision<T>(readRevision: () => Promise<number>, write: (revision: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(await readRevision());
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'stale_revision') || attempt >= STALE_RETRIES) throw err;
    }
  }
}
