/**
 * An alert's webhook: one JSON POST with a time limit. Whatever happens (refused, timed out, a
 * non-2xx answer) is returned as the alert's record of it, never thrown: a broken receiver must
 * not stop the alert from being stored or its job from starting.
 */
import type { AlertWebhookResult } from './schemas';

export const WEBHOOK_TIMEOUT_MS = 5_000;

export async function postWebhook(url: string, payload: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<AlertWebhookResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'mlportal-alerts' },
      body: JSON.stringify(payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs)
    });
    // The body is not ours to read, but it must be drained or cancelled to free the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return { status: 'sent', httpStatus: response.status };
    return { status: 'failed', httpStatus: response.status, error: `the webhook answered HTTP ${response.status}` };
  } catch (err) {
    return { status: 'failed', error: describeFailure(err, timeoutMs) };
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof DOMException && err.name === 'TimeoutError') return `the webhook did not answer within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return `the webhook could not be reached: ${(err as Error).message}${detail ? ` (${detail})` : ''}`;
}
