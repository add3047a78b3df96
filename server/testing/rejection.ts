/** For tests that look into a refusal: the error a promise rejects with, checked to be of the expected class. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, expected: abstract new (...args: never[]) => E): Promise<E> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (error: unknown) => ({ rejected: true as const, error })
  );
  if (!outcome.rejected) throw new Error(`expected a rejection with ${expected.name}, but it resolved`);
  if (!(outcome.error instanceof expected))
    throw new Error(`expected a rejection with ${expected.name}, got ${String(outcome.error)}`, { cause: outcome.error });
  return outcome.error;
}
