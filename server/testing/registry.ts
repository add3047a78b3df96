/** Model-registry calls for integration tests, on top of the feature store's JSON helpers. */
import { request as httpRequest } from 'node:http';
import { call, expectStatus, type JsonAnswer } from './features';
import type { TestServer } from './test-server';

/** POST /api/v1/models/artifacts with the bytes as the body. */
export async function uploadOnnx(server: TestServer, bytes: Uint8Array, token?: string): Promise<JsonAnswer> {
  const response = await server.request('/api/v1/models/artifacts', {
    method: 'POST',
    token,
    headers: { 'Content-Type': 'application/octet-stream' },
    // A copy typed on a plain ArrayBuffer, which is what fetch's BodyInit takes.
    body: new Uint8Array(bytes)
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Starts an upload that promises `declaredBytes` (Content-Length), sends only `bytes`, and cuts the
 * connection: a client that goes away mid-upload.
 */
export async function uploadCutOff(server: TestServer, bytes: Uint8Array, declaredBytes: number): Promise<void> {
  const url = new URL('/api/v1/models/artifacts', server.url);
  await new Promise<void>((resolve) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${server.adminToken}`,
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(declaredBytes)
      }
    });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      res.resume();
      resolve();
    });
    req.write(bytes, () => {
      // Give the server the bytes before the connection goes.
      setImmediate(() => {
        req.destroy();
        resolve();
      });
    });
  });
}

/** Creates the model when missing, uploads the file and registers a version: the SDK's models.register. */
export async function registerVersion(
  server: TestServer,
  name: string,
  bytes: Uint8Array,
  extra: Record<string, unknown> = {},
  token?: string
): Promise<any> {
  const existing = await call(server, 'GET', `/api/v1/models/${name}`, undefined, token);
  if (existing.status === 404) expectStatus(await call(server, 'POST', '/api/v1/models', { name }, token), 201);
  const artifact = expectStatus(await uploadOnnx(server, bytes, token), 201);
  return expectStatus(await call(server, 'POST', `/api/v1/models/${name}/versions`, { artifact: artifact.sha256, ...extra }, token), 201);
}

export async function history(server: TestServer, name: string): Promise<any[]> {
  return expectStatus(await call(server, 'GET', `/api/v1/models/${name}/history`), 200).events;
}

export async function transition(
  server: TestServer,
  name: string,
  version: number,
  stage: string,
  extra: Record<string, unknown> = {},
  token?: string
): Promise<JsonAnswer> {
  const current = expectStatus(await call(server, 'GET', `/api/v1/models/${name}/versions/${version}`), 200);
  return call(
    server,
    'POST',
    `/api/v1/models/${name}/versions/${version}/stage`,
    { expectedRevision: current.revision, stage, ...extra },
    token
  );
}
