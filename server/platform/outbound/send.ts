/**
 * One HTTP exchange with an address already checked. The socket goes to that exact address (an
 * IP literal as the host, so Node does no lookup of its own), while the Host header and TLS SNI
 * and certificate check keep the URL's name. Redirects are never followed (node:http does not),
 * so a receiver cannot bounce the call to an internal address; a 3xx is just an answer. The body
 * of the answer is not read: callers only need its status.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { normalizeHost } from './allow-list';
import { OutboundUnreachableError } from './errors';
import type { ResolvedAddress } from './resolve';

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** From the start of the connection to the answer's status line. */
  timeoutMs: number;
}

export interface OutboundAnswer {
  status: number;
}

export type Transport = (url: URL, target: ResolvedAddress, request: OutboundRequest) => Promise<OutboundAnswer>;

export const nodeTransport: Transport = (url, target, request) =>
  new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const name = normalizeHost(url.hostname);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = (secure ? https : http).request({
      host: target.address,
      family: target.family,
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: { ...request.headers, Host: url.host, Connection: 'close', ...(body ? { 'Content-Length': String(body.length) } : {}) },
      // A fresh socket per call: a pooled one could have been opened for another check.
      agent: false,
      // SNI is for names only; with an IP-literal URL there is none to send.
      ...(secure && isIP(name) === 0 ? { servername: name } : {})
    });
    const timer = setTimeout(
      () => req.destroy(new OutboundUnreachableError(`no answer within ${request.timeoutMs / 1000} s`, true)),
      request.timeoutMs
    );
    req.on('response', (res) => {
      clearTimeout(timer);
      res.destroy();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof OutboundUnreachableError ? err : new OutboundUnreachableError(err.message));
    });
    req.end(body);
  });
