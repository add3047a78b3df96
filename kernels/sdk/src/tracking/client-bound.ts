import type { Client, RequestOptions } from '../client';
import { MlportalError } from '../errors';
import { checked, type ShapeCheck } from '../features/answers';

/**
 * The plumbing the tracking and registry APIs share: a client (or a function giving the
 * environment's afresh at each call) and JSON calls whose answers are shape-checked.
 */
export abstract class ClientBoundApi {
  protected readonly clientSource: Client | (() => Client);

  constructor(client: Client | (() => Client)) {
    this.clientSource = client;
  }

  /** The client for this call. */
  protected client(): Client {
    return typeof this.clientSource === 'function' ? this.clientSource() : this.clientSource;
  }

  protected async call<T>(check: ShapeCheck, path: string, options: RequestOptions = {}): Promise<T> {
    const client = this.client();
    const body = await client.request<unknown>(path, options);
    return checked<T>(body, check, { method: options.method ?? 'GET', url: `${client.url}${path}` });
  }

  /** A call answered with 204 No Content. */
  protected async callWithoutAnswer(path: string, options: RequestOptions): Promise<void> {
    await this.client().request<unknown>(path, options);
  }
}

/** A name or id as one path segment. */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** Every chunk of a download in one array. */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** Bytes as a Uint8Array (Node's Buffer is one); an ArrayBuffer, also one from another realm, is wrapped. */
export function asBytes(value: Uint8Array | ArrayBuffer): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array(value);
  throw new MlportalError(`expected bytes (a Uint8Array, Buffer or ArrayBuffer); got ${value === null ? 'null' : typeof value}`);
}
