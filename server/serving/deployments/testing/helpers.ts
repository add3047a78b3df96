/** Calls and fixtures for serving's integration tests. */
import { call, expectStatus, type JsonAnswer } from '../../../testing/features';
import type { TestServer } from '../../../testing/test-server';

export async function deploy(server: TestServer, body: Record<string, unknown>, token?: string): Promise<JsonAnswer> {
  return call(server, 'POST', '/api/v1/deployments', body, token);
}

export async function predict(server: TestServer, name: string, body: unknown, token?: string): Promise<JsonAnswer> {
  return call(server, 'POST', `/api/v1/deployments/${name}/predict`, body, token);
}

export async function revisionOf(server: TestServer, name: string): Promise<number> {
  return expectStatus(await call(server, 'GET', `/api/v1/deployments/${name}`), 200).revision;
}

/**
 * A seeded uniform draw (mulberry32) that remembers what it drew, so a test knows which version
 * the traffic split gave each request.
 */
export function recordingRandom(seed: number): { random: () => number; draws: number[] } {
  let state = seed >>> 0;
  const draws: number[] = [];
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    draws.push(value);
    return value;
  };
  return { random, draws };
}

/** Polls until `check` returns a value (not undefined); for work the server finishes after answering (shadow copies). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
