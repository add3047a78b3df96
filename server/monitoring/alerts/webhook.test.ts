/** The webhook sender against a real receiver: the JSON POST, and every way it can fail recorded rather than thrown. */
import { freePort } from '../../testing/ports';
import { WebhookReceiver } from './testing/webhook-receiver';
import { postWebhook } from './webhook';

let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await WebhookReceiver.start();
});

afterEach(async () => {
  await receiver.stop();
});

describe('postWebhook', () => {
  it('POSTs the payload as JSON and records the answer', async () => {
    const result = await postWebhook(receiver.url, { alert: { id: 'alert-1', value: 0.4 } });
    expect(result).toEqual({ status: 'sent', httpStatus: 204 });
    expect(receiver.received).toEqual([{ path: '/hooks/alerts', contentType: 'application/json', body: { alert: { id: 'alert-1', value: 0.4 } } }]);
  });

  it('records a non-2xx answer as failed, with its status', async () => {
    receiver.answerStatus = 503;
    expect(await postWebhook(receiver.url, {})).toEqual({ status: 'failed', httpStatus: 503, error: 'the webhook answered HTTP 503' });
  });

  it('records a receiver that cannot be reached', async () => {
    const result = await postWebhook(`http://127.0.0.1:${await freePort()}/hook`, {});
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^the webhook could not be reached: .*ECONNREFUSED/);
  });

  it('gives up on a receiver that never answers, saying it timed out', async () => {
    receiver.hang = true;
    const result = await postWebhook(receiver.url, {}, 300);
    expect(result).toEqual({ status: 'failed', error: 'the webhook did not answer within 0.3 s' });
  });
});
