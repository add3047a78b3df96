/**
 * Receiving a file body: streamed to a temp file under the data dir as it arrives (never held in
 * memory), cut off with 413 beyond the size limit, and the format told from the query or the
 * Content-Type.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Upload } from './route';
import { consumeUploadBody } from './upload-body';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../platform/errors';
import { ownEntry } from '../platform/own';
import type { InputFormat } from '@mlportal/contract';

/** Content types a file upload may declare, and the format each means. */
export const UPLOAD_MEDIA_TYPES: Record<string, InputFormat | undefined> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/octet-stream': undefined
};

export function uploadFormat(upload: Upload | undefined, fromQuery: InputFormat | undefined): InputFormat {
  if (fromQuery) return fromQuery;
  const type = upload?.contentType;
  const format = type ? ownEntry(UPLOAD_MEDIA_TYPES, type) : undefined;
  if (format) return format;
  throw new UnsupportedMediaTypeError(
    `say the file's format: ?format=parquet|csv|ndjson, or Content-Type text/csv, application/x-ndjson or application/vnd.apache.parquet (got ${type ?? 'no Content-Type'})`
  );
}

export function requireUpload(upload: Upload | undefined): Upload {
  if (!upload) throw new Error('this route declares no upload');
  return upload;
}

/** Streams the body to `file`; nothing is left behind when it fails. Answers the byte count. */
export async function receiveUpload(stream: Readable, file: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(
          new PayloadTooLargeError(`the file is larger than the limit of ${maxBytes} bytes (MLPORTAL_MAX_UPLOAD_BYTES)`, {
            limit: maxBytes
          })
        );
        return;
      }
      done(null, chunk);
    }
  });
  const sink = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await consumeUploadBody(
    stream,
    meter,
    () => pipeline(meter, sink),
    async () => {
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(file, { force: true });
    }
  );
  if (bytes === 0) {
    await rm(file, { force: true });
    throw new BadRequestError('the upload is empty: send the file as the request body', undefined, 'empty_upload');
  }
  return bytes;
}
