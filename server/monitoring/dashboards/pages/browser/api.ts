/** GET on the backend's API with the visitor's token; an answer other than 2xx becomes an ApiError. */
import { readToken } from './token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message of an error body ({ error: { message } }, or { message }), else the HTTP status. */
function messageOf(answer: unknown, status: number): string {
  const body = (answer ?? {}) as { error?: { message?: unknown }; message?: unknown };
  const message = body.error?.message || body.message;
  return typeof message === 'string' && message ? message : `HTTP ${status}`;
}

/** The answer's JSON, trusted to be T (the contract's type of that route's answer). */
export async function api<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${readToken()}`, Accept: 'application/json' } });
  const answer: unknown = await response.json();
  if (!response.ok) throw new ApiError(messageOf(answer, response.status), response.status);
  return answer as T;
}
