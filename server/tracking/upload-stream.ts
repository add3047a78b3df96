/** Streams a request body into the artifact store (never held whole, never written twice). */
import { PassThrough, type Readable } from 'node:stream';
import { consumeUploadBody } from '../api/upload-body';
import type { ArtifactInfo, ArtifactStore } from '../platform/artifacts/port';

export function putStream(artifacts: ArtifactStore, body: Readable, maxBytes: number): Promise<ArtifactInfo> {
  const relay = new PassThrough();
  return consumeUploadBody(body, relay, () => artifacts.put(relay, { maxBytes }));
}
