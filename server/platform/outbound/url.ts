/**
 * The URL checks that need no DNS: scheme, credentials, stray characters, and a literal host that
 * is internal. They run when a URL is stored (so a bad one is refused with 400 at once) and again
 * before each call, with the DNS check after them.
 */
import { isIP } from 'node:net';
import { urlSyntaxProblem } from '@mlportal/contract';
import { internalKind, unbracket } from './addresses';
import type { AllowList } from './allow-list';
import { OutboundRefusedError } from './errors';

/** Names reserved for loopback (RFC 6761): internal whatever a resolver answers for them. */
function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * The URL parsed, or OutboundRefusedError: a syntax problem, or a literal host that is internal and
 * not allowed. The parser has already turned odd IPv4 spellings (2130706433, 0x7f.1, 017700000001,
 * 127.1) into dotted form, so only that form needs judging.
 */
export function checkUrl(text: string, allow: AllowList): URL {
  const problem = urlSyntaxProblem(text);
  if (problem) throw new OutboundRefusedError(problem);
  const url = new URL(text);
  if (allow.allowsHost(url.hostname)) return url;
  const host = unbracket(url.hostname).replace(/\.$/, '');
  if (isLoopbackName(host)) throw new OutboundRefusedError(refusal(`${host} is`, 'loopback'));
  if (isIP(host) !== 0) {
    const kind = internalKind(host);
    if (kind !== null && !allow.allowsAddress(host)) throw new OutboundRefusedError(refusal(`${host} is`, kind));
  }
  return url;
}

/** `subject` is e.g. "10.0.0.1 is" or "hooks.example resolves to 10.0.0.1,". */
export function refusal(subject: string, kind: string): string {
  return `${subject} an internal address (${kind}): calls to internal addresses are refused unless an admin allows them (MLPORTAL_OUTBOUND_ALLOW)`;
}
