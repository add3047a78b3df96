/**
 * The command a batch-scoring job runs: the scoring entry point of this very server build, with the Node that runs
 * the backend (local executor), or of the server image (Kubernetes). From TypeScript sources (tests) the entry goes
 * through the transpile hook, as the inference workers do.
 */
import path from 'node:path';
import type { ExecutorKind } from '../../jobs/executor';

const SCORE_CLI = path.join(__dirname, `score-cli${path.extname(__filename)}`);
const REGISTER_TS = path.join(__dirname, '..', '..', 'testing', 'register-ts.cjs');
/** Where the server image keeps the built backend. */
export const IMAGE_SERVER_BUILD = '/opt/mlportal/server/build';

export function scoringCommand(executor: ExecutorKind): string[] {
  if (executor === 'kubernetes') return ['node', `${IMAGE_SERVER_BUILD}/serving/batch/score-cli.js`];
  return SCORE_CLI.endsWith('.ts') ? [process.execPath, '-r', REGISTER_TS, SCORE_CLI] : [process.execPath, SCORE_CLI];
}
