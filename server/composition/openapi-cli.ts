/**
 * Writes schema/openapi.json from the app's routes (`npm run openapi`); with --check it only
 * says whether the committed file is current, and exits 1 when it is not.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderOpenApi } from '../api/openapi';
import { allRoutes } from './routes';

/** schema/openapi.json at the repository root, found upwards from here (this runs from server/ and from server/build/). */
export function openApiFilePath(start: string = __dirname): string {
  for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'server', 'package.json')) && existsSync(path.join(dir, 'package.json'))) {
      return path.join(dir, 'schema', 'openapi.json');
    }
  }
  throw new Error(`cannot find the repository root above ${start}`);
}

function main(args: string[]): number {
  const file = openApiFilePath();
  const text = renderOpenApi(allRoutes);
  if (args.includes('--check')) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === text) return 0;
    console.error(`${file} is out of date with the routes: run npm run openapi`);
    return 1;
  }
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
