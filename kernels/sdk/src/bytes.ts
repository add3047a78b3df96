/** Bytes in and out of the SDK: downloads gathered into one array, and uploads given as bytes. */
import { MlportalError } from './errors';

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
