/**
 * A JSON body read with its own size limit (MLPORTAL_MAX_PREDICT_BYTES): prediction requests are
 * allowed to be far larger than the API's other bodies (MLPORTAL_MAX_BODY_BYTES).
 */
import type { Readable } from 'node:stream';
import { BadRequestError, PayloadTooLargeError } from '../../platform/errors';
import { checkJsonDepth } from '../../platform/json-depth';

export async function readJsonBody(body: Readable, maxBytes: number): Promise<unknown> {
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Keep reading and dropping the rest, so the 413 reaches the client instead of a reset connection.
      body.off('data', onData);
      body.resume();
      reject(
        new PayloadTooLargeError(`the request body is larger than the limit of ${maxBytes} bytes (MLPORTAL_MAX_PREDICT_BYTES)`, {
          limit: maxBytes
        })
      );
    };
    body.on('data', onData);
    body.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.once('error', (err) =>
      reject(new BadRequestError(`the request body did not arrive whole: ${err.message}`, undefined, 'upload_failed'))
    );
  });
  if (text.trim() === '') throw new BadRequestError('send the request as a JSON body', undefined, 'invalid_json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`the body is not valid JSON: ${(err as Error).message}`, undefined, 'invalid_json');
  }
  checkJsonDepth(parsed);
  return parsed;
}
