/**
 * Set-up work (indexes, folders, defaults) that every caller awaits but that must run once: callers
 * share the run in flight or done, and after a failure the next call runs it again instead of
 * repeating the old failure for ever.
 */
export function onceRetryingFailure(work: () => Promise<void>): () => Promise<void> {
  let run: Promise<void> | undefined;
  return () => {
    run ??= work().catch((err: unknown) => {
      run = undefined;
      throw err;
    });
    return run;
  };
}
