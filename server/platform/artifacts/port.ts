/**
 * The artifact-store port: content-addressed blobs (models, datasets, reports) kept by the
 * SHA-256 of their bytes. The same content is stored once; a key is 64 lowercase hex digits and
 * anything else is refused before it reaches a filesystem or a bucket.
 * The local-filesystem adapter is local.ts.
 */
import type { Readable } from 'node:stream';

export interface ArtifactInfo {
  /** 64 lowercase hex digits. */
  sha256: string;
  /** Bytes. */
  size: number;
}

export interface PutOptions {
  /** More bytes than this → PayloadTooLargeError, and nothing is kept. */
  maxBytes?: number;
}

export interface ArtifactStore {
  /** Streams the content in (never held whole in memory); visible only once complete and durable. */
  put(content: Readable, options?: PutOptions): Promise<ArtifactInfo>;
  /** The content as a stream. Unknown key → NotFoundError; malformed key → BadRequestError. */
  open(sha256: string): Promise<Readable>;
  /** Size of a stored artifact. Unknown key → NotFoundError; malformed key → BadRequestError. */
  stat(sha256: string): Promise<ArtifactInfo>;
  has(sha256: string): Promise<boolean>;
  /** Removes the artifact; answers whether it was there. Malformed key → BadRequestError. */
  delete(sha256: string): Promise<boolean>;
}
