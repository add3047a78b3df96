/** A real HTTP server on 127.0.0.1 that records the JSON POSTs it gets, answering with the status a test sets. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  /** The Host header: the URL's name even when the call connected to the address it resolved to. */
  host: string | undefined;
  contentType: string | undefined;
  body: any;
}

export class WebhookReceiver {
  readonly received: ReceivedPost[] = [];
  /** The status the next answers carry. */
  answerStatus = 204;
  /** When set, requests are held and never answered (a receiver that hangs). */
  hang = false;
  /** TCP connections accepted so far: a refused call must never have made one. */
  connections = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string
  ) {}

  static async start(): Promise<WebhookReceiver> {
    // A connection may come before the assignment below: a const would throw there, this reads undefined.
    // eslint-disable-next-line prefer-const
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        receiver!.received.push({
          path: req.url ?? '',
          host: req.headers.host,
          contentType: req.headers['content-type'],
          body: text === '' ? undefined : JSON.parse(text)
        });
        for (const wake of receiver!.waiters.splice(0)) wake();
        if (receiver!.hang) return;
        res.statusCode = receiver!.answerStatus;
        res.end();
      });
    });
    server.on('connection', () => {
      if (receiver) receiver.connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`);
    return receiver;
  }

  /** Resolves once `count` posts have arrived in all. */
  async waitFor(count: number, limitMs = 30_000): Promise<ReceivedPost[]> {
    const deadline = Date.now() + limitMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`the webhook got ${this.received.length} posts, not ${count}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.received;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
