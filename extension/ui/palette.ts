import type { TranslationBundle } from '@jupyterlab/translation';

/** The command palette's section every mlportal command is listed under. */
export function paletteCategory(trans: TranslationBundle): string {
  return trans.__('ML Portal');
}
