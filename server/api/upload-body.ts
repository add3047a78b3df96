/**
 * Reading an upload's request body into a stream the server consumes (a file, the artifact store).
 * The body is piped, not pipelined: pipeline would destroy the request on a 413 and the client
 * would see a reset connection instead of the answer. A client that goes away mid-body ends the
 * consumer's stream with an error, so nothing half-received is kept.
 */
import type { Duplex, Readable } from 'node:stream';
import { AppError, BadRequestError } from '../platform/errors';

/**
 * Pipes `body` into `into` and awaits `consume` (what reads `into` to its end). On failure `cleanUp`
 * runs, the rest of the body is read and dropped so the answer can still reach the client, and an
 * error that is not already an answer becomes 400 upload_failed.
 */
export async function consumeUploadBody<T>(
  body: Readable,
  into: Duplex,
  consume: () => Promise<T>,
  cleanUp?: () => Promise<void>
): Promise<T> {
  const abandon = (err?: Error) => into.destroy(err ?? new Error('the client closed the connection before the whole body arrived'));
  const onClose = () => {
    if (!body.readableEnded) abandon();
  };
  body.once('error', abandon);
  body.once('close', onClose);
  body.pipe(into);
  try {
    return await consume();
  } catch (err) {
    body.unpipe(into);
    await cleanUp?.();
    body.resume();
    throw err instanceof AppError
      ? err
      : new BadRequestError(`the upload did not arrive whole: ${(err as Error).message}`, undefined, 'upload_failed');
  } finally {
    body.off('error', abandon);
    body.off('close', onClose);
  }
}
