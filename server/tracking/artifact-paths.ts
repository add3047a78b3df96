/**
 * Paths of files within a run: relative, "/"-separated, without "..", "." or empty segments, no
 * "\\" and no control characters, so a path can never point outside its run (when exported to a
 * folder, say) and two spellings never name one file.
 */
import { BadRequestError } from '../platform/errors';
import { TRACKING_LIMITS } from '@mlportal/contract';

export function checkArtifactPath(path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) throw invalid(path, 'it must not be empty');
  if (path.length > TRACKING_LIMITS.artifactPath) throw invalid(path, `it is longer than ${TRACKING_LIMITS.artifactPath} characters`);
  if (path.includes('\\')) throw invalid(path, 'separate folders with "/", not "\\"');
  if (path.startsWith('/')) throw invalid(path, 'it must be relative (no leading "/")');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw invalid(path, 'it must not contain control characters');
  for (const segment of path.split('/')) {
    if (segment === '') throw invalid(path, 'it has an empty segment ("//" or a trailing "/")');
    if (segment === '..') throw invalid(path, 'it must not contain ".."');
    if (segment === '.') throw invalid(path, 'it must not contain "." segments');
  }
  return path;
}

/** A folder to list: "" (the run's root) or a path; one trailing "/" is allowed. */
export function checkArtifactPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  return checkArtifactPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** "a/b/c" → ["a", "a/b"]. */
export function ancestorsOf(path: string): string[] {
  const segments = path.split('/');
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
}

function invalid(path: unknown, why: string): BadRequestError {
  const shown = typeof path === 'string' ? JSON.stringify(path.length > 100 ? `${path.slice(0, 100)}…` : path) : String(path);
  return new BadRequestError(`invalid artifact path ${shown}: ${why}`, { path }, 'invalid_artifact_path');
}
