/**
 * The real inference worker (a worker thread script, never imported by tests), plus a way to kill
 * it from a test: a run whose first input value is EXIT_SENTINEL ends the thread with
 * process.exit, one with THROW_SENTINEL throws an uncaught error. Its listener is added before
 * the worker's, so it acts before the run starts.
 */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from '../types';
import { EXIT_SENTINEL, THROW_SENTINEL } from './sentinels';

parentPort?.on('message', (message: ToWorker) => {
  if (message.type !== 'run') return;
  const first = Object.values(message.feeds)[0]?.data[0];
  if (first === EXIT_SENTINEL) process.exit(7);
  if (first === THROW_SENTINEL) throw new Error('deliberate failure inside the worker');
});

// Loaded after the listener above on purpose (an import would be hoisted before it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../worker');
