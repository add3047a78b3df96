/** The URL checks that need no DNS, shared by the contract (a URL is refused with 400 when stored) and the outbound client. */

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
  if (url.username !== '' || url.password !== '')
    return 'must not carry a user name or password (put a secret in the path or query instead)';
  if (url.hostname === '') return 'must name a host';
  return null;
}
