// The import graph of server files, from dpdm's Node API, as JSON on stdout: { tree, circulars }.
// Usage: node import-graph.cjs <entry> [...entries], paths relative to the repository root.
// It runs outside jest because dpdm loads chalk, an ES module, which jest's CommonJS runtime cannot
// require (plain Node can). transform: false keeps type-only imports.
const path = require('node:path');
const { parseCircular, parseDependencyTree } = require('dpdm');

const repo = path.resolve(__dirname, '..', '..');

async function main(entries) {
  const tree = await parseDependencyTree(entries, {
    context: repo,
    tsconfig: path.join(repo, 'server', 'tsconfig.json'),
    transform: false,
    skipDynamicImports: false
  });
  process.stdout.write(JSON.stringify({ tree, circulars: parseCircular(tree) }));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
