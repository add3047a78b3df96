import type { LabelValue } from '@mlportal/sdk/core';

/**
 * A label as typed into the labelling view: a number when it reads as one ("12.5", "1"), true or
 * false for those words, else the text itself (a class name). Blank is no label.
 */
export function parseLabel(text: string): LabelValue | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  if (/^(true|false)$/i.test(trimmed)) {
    return trimmed.toLowerCase() === 'true';
  }
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}
