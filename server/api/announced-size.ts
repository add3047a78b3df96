/**
 * Refuses a request whose Content-Length already announces more than its limit, before a byte of
 * the body is read. Without it body-parser answers 413 only after it has read (and dropped) the
 * whole announced body, so a client that announces 1 GB and sends nothing holds the connection
 * until Node's own request timeout; an upload would first stream up to its limit to disk.
 * The answer closes the connection: the unread body must not be taken for the next request.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { PayloadTooLargeError } from '../platform/errors';

/** The settings that bound a request body, by the Config field that holds each. */
export type BodyLimit = 'maxBodyBytes' | 'maxUploadBytes' | 'modelMaxBytes' | 'maxPredictBytes';

/** The environment variable of each limit, for messages and the OpenAPI document. */
export const LIMIT_SETTINGS: Readonly<Record<BodyLimit, string>> = {
  maxBodyBytes: 'MLPORTAL_MAX_BODY_BYTES',
  maxUploadBytes: 'MLPORTAL_MAX_UPLOAD_BYTES',
  modelMaxBytes: 'MLPORTAL_MODEL_MAX_BYTES',
  maxPredictBytes: 'MLPORTAL_MAX_PREDICT_BYTES'
};

export class AnnouncedBodyTooLargeError extends PayloadTooLargeError {
  constructor(announced: number, limit: number, setting: string) {
    // The same words as when a body turns out too large while it is read: a client need not tell the two apart.
    super(`the request body is larger than the limit of ${limit} bytes (${setting})`, { limit, announced });
  }
}

/** The body's announced size, or undefined when it is not announced (chunked) or not a plain number (Node refuses those itself). */
export function announcedBytes(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** Middleware for the routes whose bodies `kind` bounds; `config` is read per request, so a test's settings apply. */
export function refuseAnnouncedOversize(config: Pick<Config, BodyLimit>, kind: BodyLimit): RequestHandler {
  return (req, res, next) => {
    const announced = announcedBytes(req.get('Content-Length'));
    const limit = config[kind];
    if (announced === undefined || announced <= limit) return next();
    res.setHeader('Connection', 'close');
    next(new AnnouncedBodyTooLargeError(announced, limit, LIMIT_SETTINGS[kind]));
  };
}
