/**
 * The Content-Disposition of every download (RFC 6266). A header may carry only Latin-1, so the
 * raw name of a file such as 数据.csv makes Node refuse the header (a 500 after the handler ran).
 * The name goes out as a plain ASCII `filename` fallback and, when that fallback is not the name
 * itself, also as `filename*` in UTF-8 (RFC 8187), which every current browser and client prefers.
 */

/** Lone UTF-16 surrogates have no UTF-8 form (encodeURIComponent throws on them): they become U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Outside printable ASCII, or a quote or backslash (which a quoted-string would need to escape). */
const NOT_PLAIN_ASCII = /[^\x20-\x7e]|["\\]/g;

export function contentDisposition(fileName: string): string {
  const name = fileName.replace(LONE_SURROGATE, '\uFFFD');
  const fallback = name.replace(NOT_PLAIN_ASCII, '_');
  const plain = `attachment; filename="${fallback}"`;
  return fallback === name ? plain : `${plain}; filename*=UTF-8''${encodeExtValue(name)}`;
}

/** RFC 8187 attr-chars stay; everything else (encodeURIComponent leaves ' ( ) * alone) is percent-encoded UTF-8. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
