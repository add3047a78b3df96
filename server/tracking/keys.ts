/**
 * Metric, param and tag keys (MLflow's rule: letters, digits, _ . - / and space) and the one
 * place they become document field names. The store refuses "." in keys and its filter paths are
 * identifiers, so a key is stored under an encoded name, and each entry keeps its key as written.
 */
import { createHash } from 'node:crypto';

/** The store's field segments are at most 128 characters. */
const MAX_FIELD_NAME = 128;

/**
 * "val/loss" → "k_val_2floss": letters and digits kept, every other character as _ and two hex
 * digits, so different keys never share a name. A name too long for a field path becomes
 * "h_" and the key's SHA-256 (the k_/h_ prefixes keep the two forms apart).
 */
export function fieldNameOf(key: string): string {
  const escaped = `k_${key.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
  if (escaped.length <= MAX_FIELD_NAME) return escaped;
  return `h_${createHash('sha256').update(key).digest('hex')}`;
}

/** An entry kept under an encoded name: the key as written, and its value(s). */
export type Entries<E extends object> = Record<string, E & { key: string }>;

export function toEntries(record: Record<string, string>): Entries<{ value: string }> {
  const entries: Entries<{ value: string }> = {};
  for (const [key, value] of Object.entries(record)) entries[fieldNameOf(key)] = { key, value };
  return entries;
}

export function fromEntries(entries: Entries<{ value: string }> | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const entry of Object.values(entries ?? {})) record[entry.key] = entry.value;
  return record;
}
