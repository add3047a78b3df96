import type { z } from 'zod';
import { checked } from './answer';
import type { Client, RequestOptions } from './client';

/**
 * The plumbing every API of the SDK shares: a client (or a function giving the environment's
 * afresh at each call) and JSON calls whose answers are checked against the contract's schema.
 */
export abstract class ClientBoundApi {
  protected readonly clientSource: Client | (() => Client);

  /** A client, or a function giving one at each call (the environment's, read afresh). */
  constructor(client: Client | (() => Client)) {
    this.clientSource = client;
  }

  /** The client for this call. */
  protected client(): Client {
    return typeof this.clientSource === 'function' ? this.clientSource() : this.clientSource;
  }

  /** A JSON call whose answer is what `schema` reads from it (an invalid_response error naming the field when it does not fit). */
  protected async call<S extends z.ZodType>(
    schema: S,
    path: string,
    options: RequestOptions = {},
    client: Client = this.client()
  ): Promise<z.output<S>> {
    const body = await client.request<unknown>(path, options);
    return checked(body, schema, { method: options.method ?? 'GET', url: `${client.url}${path}` });
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
