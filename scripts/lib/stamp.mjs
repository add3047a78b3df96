// Content stamps: a setup step records a hash of its inputs, so a later run skips it when nothing changed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function hashOf(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : JSON.stringify(p)).update('\0');
  return h.digest('hex');
}

export function hashFiles(...files) {
  return hashOf(...files.map((f) => (existsSync(f) ? readFileSync(f) : 'missing:' + f).toString()));
}

export function stampMatches(stampFile, hash) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash;
}

export function writeStamp(stampFile, hash) {
  writeFileSync(stampFile, hash + '\n');
}
