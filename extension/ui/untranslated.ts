import type { TranslationBundle } from '@jupyterlab/translation';

/**
 * The extension's strings as written (English), with their %1, %2… placeholders filled: what
 * JupyterLab's nullTranslator gives. Code that was handed no translator falls back to it: unit
 * tests, and anything built outside a plugin. Plugins hand their components and models the real
 * bundle (see load-trans.ts). A copy rather than nullTranslator itself because
 * @jupyterlab/translation ships ES modules only, which the unit tests (CommonJS) cannot load.
 */
export const untranslated: TranslationBundle = {
  __: (msgid, ...args) => fill(msgid, args),
  _n: (msgid, plural, n, ...args) => fill(n === 1 ? msgid : plural, [n, ...args]),
  _p: (_context, msgid, ...args) => fill(msgid, args),
  _np: (_context, msgid, plural, n, ...args) => fill(n === 1 ? msgid : plural, [n, ...args]),
  gettext: (msgid, ...args) => fill(msgid, args),
  ngettext: (msgid, plural, n, ...args) => fill(n === 1 ? msgid : plural, [n, ...args]),
  pgettext: (_context, msgid, ...args) => fill(msgid, args),
  npgettext: (_context, msgid, plural, n, ...args) => fill(n === 1 ? msgid : plural, [n, ...args]),
  dcnpgettext: (_domain, _context, msgid, plural, n, ...args) => fill(n === 1 ? msgid : plural, [n, ...args])
};

/** Gettext.strfmt's rule: %N is the Nth argument, %% a percent sign. */
function fill(format: string, args: unknown[]): string {
  return format.replace(/%(%|\d+)/g, (match, key: string) => (key === '%' ? '%' : String(args[Number(key) - 1])));
}
