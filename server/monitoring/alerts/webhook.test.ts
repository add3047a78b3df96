/**
 * The webhook sender against a real receiver on 127.0.0.1 (allowed here explicitly, as an admin
 * would): the JSON POST, every way it can fail recorded rather than thrown, and an internal address
 * refused before any connection when it is not allowed.
 */
import { OutboundClient } from '../../platform/outbound';
import { freePort } from '../../testing/ports';
import { WebhookReceiver } from './testing/webhook-receiver';
import { postWebhook } from './webhook';

let receiver: WebhookReceiver;
const allowed = new OutboundClient({ allow: ['127.0.0.1'] });

beforeEach(async () => {
  receiver = await WebhookReceiver.start();
});

afterEach(async () => {
  await receiver.stop();
});

describe('postWebhook', () => {
  it('POSTs the payload as JSON and records the answer', async () => {
    const result = await postWebhook(allowed, receiver.url, { alert: { id: 'alert-1', value: 0.4 } });
    expect(result).toEqual({ status: 'sent', httpStatus: 204 });
    expect(receiver.received).toEqual([
      {
        path: '/hooks/alerts',
        host: new URL(receiver.url).host,
        contentType: 'application/json',
        body: { alert: { id: 'alert-1', value: 0.4 } }
      }
    ]);
  });

  it('records a non-2xx answer as failed, with its status', async () => {
    receiver.answerStatus = 503;
    expect(await postWebhook(allowed, receiver.url, {})).toEqual({
      status: 'failed',
      httpStatus: 503,
      error: 'the webhook answered HTTP 503'
    });
  });

  it('records a receiver that cannot be reached', async () => {
    const result = await postWebhook(allowed, `http://127.0.0.1:${await freePort()}/hook`, {});
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^the webhook could not be reached: .*ECONNREFUSED/);
  });

  it('gives up on a receiver that never answers, saying it timed out', async () => {
    receiver.hang = true;
    const result = await postWebhook(allowed, receiver.url, {}, 300);
    expect(result).toEqual({ status: 'failed', error: 'the webhook did not answer within 0.3 s' });
  });

  it('refuses the same receiver when 127.0.0.1 is not allowed, without connecting', async () => {
    const result = await postWebhook(new OutboundClient(), receiver.url, {});
    expect(result).toEqual({
      status: 'failed',
      error: expect.stringMatching(/^the webhook address is not allowed: 127\.0\.0\.1 is an internal address \(loopback\)/)
    });
    expect(receiver.connections).toBe(0);
  });
});
