/**
 * The charting library's browser builds (vega, vega-lite, vega-embed), served from the server
 * package's own dependencies: resolved with this module's require, so they are found from the
 * sources and from server/build alike, and never from whatever the repository root holds.
 */
import path from 'node:path';

/** Asset file name → [package, its file in the package's build folder]. */
const VEGA_FILES = {
  'vega.min.js': ['vega', 'vega.min.js'],
  'vega-lite.min.js': ['vega-lite', 'vega-lite.min.js'],
  'vega-embed.min.js': ['vega-embed', 'vega-embed.min.js']
} as const;

export type VegaAsset = keyof typeof VEGA_FILES;

export function isVegaAsset(name: string): name is VegaAsset {
  return Object.hasOwn(VEGA_FILES, name);
}

/** The file's path. Each package's main entry lies in its build folder beside the minified bundle. */
export function vegaAssetPath(name: VegaAsset): string {
  const [pkg, file] = VEGA_FILES[name];
  return path.join(path.dirname(require.resolve(pkg)), file);
}
