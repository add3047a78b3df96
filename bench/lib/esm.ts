/**
 * Loads an ES module (the scripts' .mjs helpers) from a suite that runs as CommonJS: TypeScript
 * would turn a plain import() into require(), which cannot load .mjs on every Node 20.
 */
import { pathToFileURL } from 'node:url';

const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function importModule<T>(file: string): Promise<T> {
  return (await dynamicImport(pathToFileURL(file).href)) as T;
}
