/**
 * Paging for the MLflow searches that mlportal answers from a list it filters in memory (experiments,
 * registered models, model versions): the page token is the offset, opaque to the client.
 */
import { BadRequestError } from '../platform/errors';

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export function pageOf<T>(items: readonly T[], maxResults: number | undefined, pageToken: string | undefined): Page<T> {
  const size = Math.min(maxResults ?? DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT);
  const start = pageToken ? offsetOf(pageToken) : 0;
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextPageToken: Buffer.from(`o:${end}`).toString('base64url') } : {})
  };
}

function offsetOf(token: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new BadRequestError(`page_token "${token}" is not one this server gave out`);
  return Number(match[1]);
}

/** Every page of a paged list, for searches that filter what the service cannot. */
export async function readAll<T>(
  readPage: (pageToken: string | undefined) => Promise<{ items: T[]; nextPageToken?: string }>
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await readPage(token);
    all.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return all;
}
