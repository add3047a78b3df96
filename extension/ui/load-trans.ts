import { type ITranslator, nullTranslator, type TranslationBundle } from '@jupyterlab/translation';

/** The gettext domain of the extension's strings (its language packs name their catalogs after it). */
export const TRANSLATION_DOMAIN = 'mlportal';

/** The plugins' bundle: JupyterLab's translator when one is provided (it is optional), else nullTranslator. */
export function loadTrans(translator: ITranslator | null | undefined): TranslationBundle {
  return (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
}
