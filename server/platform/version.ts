import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = '@mlportal/server';

let cached: string | undefined;

/**
 * The server package's version, read from its package.json. It is searched upwards from this file
 * because the code runs both from server/ (tests) and from server/build/ (compiled).
 */
export function serverVersion(): string {
  cached ??= findVersion(__dirname);
  return cached;
}

function findVersion(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    } catch {
      // no package.json here (or not ours): keep looking upwards
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the package.json of ${PACKAGE_NAME} above ${start}`);
  }
}
