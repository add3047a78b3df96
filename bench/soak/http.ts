/**
 * The soak's HTTP client: node:http with a keep-alive agent, every answer timed and classified
 * (2xx, 4xx, 5xx, connection error, timeout) instead of thrown, so that a restart shows up as
 * counts rather than as an exception in the middle of the load.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export type Outcome = 'ok' | '4xx' | '5xx' | 'connection' | 'timeout';

export interface Answer {
  outcome: Outcome;
  status: number;
  /** The body text (for 2xx and errors alike); the error message for connection errors and timeouts. */
  body: string;
  /** performance.now() at send and at the end. */
  sentAt: number;
  endedAt: number;
  /** Whether the request went out on a kept-alive socket that had served an earlier one (a reset on such a socket can be the keep-alive race). */
  reusedSocket: boolean;
}

export class SoakClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  private readonly target: URL;

  constructor(
    url: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000
  ) {
    this.target = new URL(url);
  }

  call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Authorization: `Bearer ${this.token}` };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const sentAt = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Outcome, status: number, text: string) => {
        if (settled) return;
        settled = true;
        resolve({ outcome, status, body: text, sentAt, endedAt: performance.now(), reusedSocket: req.reusedSocket });
      };
      const req = http.request(
        { agent: this.agent, host: this.target.hostname, port: this.target.port, path: route, method, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            finish(status >= 200 && status < 300 ? 'ok' : status >= 500 ? '5xx' : '4xx', status, Buffer.concat(chunks).toString('utf8'));
          });
          res.on('error', (err) => finish('connection', 0, err.message));
        }
      );
      req.setTimeout(this.timeoutMs, () => {
        finish('timeout', 0, `no answer within ${this.timeoutMs} ms`);
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => finish('connection', 0, err.code ?? err.message));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
