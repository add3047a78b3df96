// Lets a plain `node` child process (spawned by a test to be killed mid-write) load our TypeScript
// sources: `node -r server/testing/register-ts.cjs child.ts`. Transpile only, no type check;
// jest type-checks the same files.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false
    }
  });
  module._compile(outputText, filename);
};
