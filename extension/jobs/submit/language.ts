import type { CellLanguage } from '@mlportal/sdk/core';

/**
 * The language a notebook's cells are written in, from its kernel (or, with no kernel running, the
 * kernelspec in its metadata): tslab's TypeScript or Python; null for anything else.
 */
export function cellLanguage(kernel: { name?: string; language?: string } | null | undefined): CellLanguage | null {
  const words = [kernel?.language, kernel?.name].map((word) => (word ?? '').toLowerCase());
  if (words.some((word) => word === 'typescript' || word === 'tslab')) {
    return 'typescript';
  }
  if (words.some((word) => word === 'python' || /^python\d*$/.test(word))) {
    return 'python';
  }
  return null;
}
