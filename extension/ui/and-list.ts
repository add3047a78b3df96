import type { TranslationBundle } from '@jupyterlab/translation';

/** "v1 and v2", "v1 and v2 and v3": items joined by the translated "and" (empty for none). */
export function andList(items: readonly string[], trans: TranslationBundle): string {
  const [first = '', ...rest] = items;
  return rest.reduce((listed, next) => trans.__('%1 and %2', listed, next), first);
}
