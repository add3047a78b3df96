/** Container logs of the double's pods, and the responses following them (ended when the container ends). */
import type { ServerResponse } from 'node:http';

interface PodLog {
  text: string;
  followers: Set<ServerResponse>;
  ended: boolean;
}

export class PodLogs {
  private readonly logs = new Map<string, PodLog>();

  private entry(pod: string): PodLog {
    let log = this.logs.get(pod);
    if (!log) {
      log = { text: '', followers: new Set(), ended: false };
      this.logs.set(pod, log);
    }
    return log;
  }

  text(pod: string): string {
    return this.logs.get(pod)?.text ?? '';
  }

  append(pod: string, text: string): void {
    const log = this.entry(pod);
    log.text += text;
    for (const follower of log.followers) follower.write(text);
  }

  /** Sends what is there; with follow, stays open and streams until the container ends. */
  serve(pod: string, response: ServerResponse, follow: boolean): void {
    const log = this.entry(pod);
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    response.flushHeaders();
    if (log.text) response.write(log.text);
    if (!follow || log.ended) {
      response.end();
      return;
    }
    log.followers.add(response);
    response.on('close', () => log.followers.delete(response));
  }

  /** The container ended: followers get the end of the stream. */
  end(pod: string): void {
    const log = this.entry(pod);
    log.ended = true;
    for (const follower of log.followers) follower.end();
    log.followers.clear();
  }

  endAll(): void {
    for (const pod of this.logs.keys()) this.end(pod);
  }
}
