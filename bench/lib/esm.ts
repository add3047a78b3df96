/**
 * Loads an ES module (the scripts' .mjs helpers) from a suite that runs as CommonJS: TypeScript
 * would turn a plain import() into require(), which cannot load .mjs on every Node 20.
 */
import { pathToFileURL } from 'node:url';

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() that TypeScript's CommonJS output cannot rewrite, as above
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function importModule<T>(file: string): Promise<T> {
  return (await dynamicImport(pathToFileURL(file).href)) as T;
}
