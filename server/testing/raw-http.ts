/**
 * A request written by hand on a raw socket, for what fetch cannot do: announce a body in the
 * headers and then send none of it, to see whether the server answers without waiting for it.
 */
import net from 'node:net';

export interface RawAnswer {
  /** The status line's code; 0 when nothing came back before the connection closed. */
  status: number;
  /** Everything the server sent. */
  text: string;
  /** Milliseconds from sending the headers to the end of the answer (or the close of the connection). */
  elapsedMs: number;
  /** Whether the server closed the connection (rather than the wait running out). */
  closed: boolean;
}

/**
 * Sends `head` (request line and headers, without the blank line) and no body; resolves when the
 * server has closed the connection or `waitMs` passed, whichever comes first.
 */
export function sendHeadersOnly(url: string, head: string[], waitMs = 5_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let text = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text, elapsedMs: Date.now() - started, closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => finish(true));
    socket.on('error', (err) => (text ? finish(true) : reject(err)));
    socket.on('connect', () => socket.write(`${head.join('\r\n')}\r\n\r\n`));
  });
}
