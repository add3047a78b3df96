import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { untranslated } from './untranslated';

/**
 * The translation bundle every mlportal React component reads its words from. Each ReactWidget
 * provides the bundle its plugin loaded; without a provider (unit tests) the strings stay as written.
 */
export const TranslatorContext = React.createContext<TranslationBundle>(untranslated);

/** `const trans = useTrans();` then `trans.__('…')` and `trans._n(…)`. */
export function useTrans(): TranslationBundle {
  return React.useContext(TranslatorContext);
}
