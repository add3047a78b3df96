/**
 * The URL checks that need no DNS: scheme, credentials, stray characters, and a literal host that
 * is internal. They run when a URL is stored (so a bad one is refused with 400 at once) and again
 * before each call, with the DNS check after them.
 */
import { isIP } from 'node:net';
import { internalKind, unbracket } from './addresses';
import type { AllowList } from './allow-list';
import { OutboundRefusedError } from './errors';

/**
 * Why `text` cannot be an outbound URL whatever the allow-list says, or null. The WHATWG parser
 * silently drops tabs and line breaks inside a URL, so they are looked for in the raw text: a
 * URL is stored and shown as given, and must mean what it shows.
 */
export function urlSyntaxProblem(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return 'must not contain spaces, tabs, line breaks or control characters';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password (put a secret in the path or query instead)';
  if (url.hostname === '') return 'must name a host';
  return null;
}

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
