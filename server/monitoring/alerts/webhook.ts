/**
 * An alert's webhook: one JSON POST with a time limit, through the platform's outbound client (so
 * internal addresses are refused unless an admin allows them). Whatever happens (refused, timed
 * out, a non-2xx answer) is returned as the alert's record of it, never thrown: a broken receiver
 * must not stop the alert from being stored or its job from starting. The record keeps the detail
 * for those who manage rules; alert-view.ts decides who sees it.
 */
import { OutboundRefusedError, OutboundUnreachableError, type OutboundClient } from '../../platform/outbound';
import type { AlertWebhookResult } from '@mlportal/contract';

export const WEBHOOK_TIMEOUT_MS = 5_000;

/** What callers who may not manage the rule see of any failure: nothing that maps the network. */
export const WEBHOOK_FAILED_FOR_READERS = 'the webhook could not be reached';

export async function postWebhook(
  outbound: OutboundClient,
  url: string,
  payload: unknown,
  timeoutMs = WEBHOOK_TIMEOUT_MS
): Promise<AlertWebhookResult> {
  try {
    const answer = await outbound.send(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'mlportal-alerts' },
      body: JSON.stringify(payload),
      timeoutMs
    });
    if (answer.status >= 200 && answer.status < 300) return { status: 'sent', httpStatus: answer.status };
    return { status: 'failed', httpStatus: answer.status, error: `the webhook answered HTTP ${answer.status}` };
  } catch (err) {
    return { status: 'failed', error: describeFailure(err, timeoutMs) };
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof OutboundRefusedError) return `the webhook address is not allowed: ${err.message}`;
  if (err instanceof OutboundUnreachableError && err.timedOut) return `the webhook did not answer within ${timeoutMs / 1000} s`;
  return `${WEBHOOK_FAILED_FOR_READERS}: ${(err as Error).message}`;
}
