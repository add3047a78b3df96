/**
 * Notebooks import the SDK through tslab, which type-checks with its own TypeScript 5.0.4, Node10
 * module resolution and only the ES2022 library (no DOM). The declarations the SDK ships are
 * emitted by the project's newer TypeScript; this checks that tslab's compiler accepts them.
 */
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

type Compiler = typeof ts;

const sdkConfig = path.resolve(__dirname, '..', 'tsconfig.json');
const contractDir = path.resolve(__dirname, '..', '..', '..', 'contract');

function tslabCompiler(): Compiler {
  const tslabDir = path.dirname(require.resolve('tslab/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's own TypeScript, resolved from where tslab is
  return require(require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] })) as Compiler;
}

function format(compiler: Compiler, diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => compiler.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The declarations of a project (its tsconfig.json), emitted by the project's TypeScript into `outDir`. */
function emitDeclarations(config: string, outDir: string, options: ts.CompilerOptions = {}): readonly ts.Diagnostic[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    config,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      }
    }
  );
  if (!parsed) throw new Error(`cannot read ${config}`);
  return ts
    .createProgram(parsed.fileNames, {
      ...parsed.options,
      ...options,
      composite: false,
      incremental: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationDir: outDir,
      outDir
    })
    .emit().diagnostics;
}

describe('the SDK declarations', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'mlportal-sdk-dts-'));
  });

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('type-check with the TypeScript that tslab uses', () => {
    // The SDK's dependencies as a notebook's node_modules holds them: the contract's declarations
    // (emitted here, as its package ships them) and zod. Unresolved, their types would be `any` and
    // every check below would pass unseen (skipLibCheck hides the missing module).
    const modules = path.join(outDir, 'node_modules');
    const contractOut = path.join(modules, '@mlportal', 'contract');
    expect(format(ts, emitDeclarations(path.join(contractDir, 'tsconfig.json'), path.join(contractOut, 'lib')))).toEqual([]);
    copyFileSync(path.join(contractDir, 'package.json'), path.join(contractOut, 'package.json'));
    symlinkSync(path.dirname(require.resolve('zod/package.json')), path.join(modules, 'zod'), 'dir');

    const sdkOut = path.join(outDir, 'sdk');
    const contractTypes = path.join(contractOut, 'lib', 'index.d.ts');
    expect(format(ts, emitDeclarations(sdkConfig, sdkOut, { paths: { '@mlportal/contract': [contractTypes] } }))).toEqual([]);

    const notebook = path.join(outDir, 'notebook.ts');
    writeFileSync(
      notebook,
      [
        "import { Client, MlportalApiError, MlportalError, health, whoami, type Health, type WhoAmI } from './sdk/index';",
        "import { Client as CoreClient, MlportalConfigError, asHealth, type ClientOptions } from './sdk/core';",
        "import { features, type TrainingSet, type OnlineResult, type SearchResult, type Group } from './sdk/index';",
        'async function featureCell(): Promise<number> {',
        "  const found: SearchResult = await features.search({ q: 'delay', type: 'float64' });",
        "  const set: TrainingSet = await features.trainingSet({ entities: [{ origin: 'SFO', ts: new Date() }], timestampColumn: 'ts', features: ['a:b'], maxAge: '7d' });",
        "  const online: OnlineResult = await new CoreClient({ url: 'http://x' }).features.online({ features: ['a:b'], entities: [{ origin: 'SFO' }] });",
        "  const groups: Group[] = await new CoreClient({ url: 'http://x' }).features.groups();",
        "  await features.ingestFile('g', 'f.parquet', { format: 'parquet' });",
        "  const file: string = await features.uploadEntities('e.csv');",
        "  const written = await features.downloadTrainingSet(set.id, 'x.csv', { format: 'csv' });",
        "  await features.ingest('g', { sql: 'SELECT 1', sources: ['flights'] });",
        '  return found.total + set.data.x.length + set.rows().length + online.rows().length + groups.length + file.length + written.bytes;',
        '}',
        'async function cell(): Promise<string> {',
        '  const h: Health = await health();',
        '  // @ts-expect-error a store is a name; unused, this directive fails the check: the contract types did not resolve',
        '  const notANumber: number = h.store;',
        "  const me: WhoAmI = await new Client({ url: 'http://127.0.0.1:8765', token: 't' }).whoami();",
        "  const browserish: ClientOptions = { url: 'http://x', credentials: 'omit', advice: { unreachable: 'u', missingToken: 'm' } };",
        '  const same: typeof Client = CoreClient;',
        "  if (!new same(browserish).hasToken && asHealth(h) && new MlportalConfigError('url', 'm').setting) return 'core';",
        '  try { await whoami(); } catch (e) { if (e instanceof MlportalApiError) return `${e.status} ${e.code} ${e.requestId}`; }',
        "  const things = await new Client({ url: 'http://x' }).request<{ n: number }>('/x', { method: 'POST', body: {} });",
        '  return `${h.store} ${me.roles.join()} ${things.n} ${new MlportalError("m").message}`;',
        '}',
        "import { runs, models, registerFromNotebook, type ModelVersion, type Run, type RunPage } from './sdk/index';",
        "import { parseRegisteredLine, type RegisteredSummary, type Comparison } from './sdk/core';",
        'async function registryCell(): Promise<number> {',
        "  const run = await runs.start({ experiment: 'e', tags: { a: 'b' } });",
        '  await run.logMetrics({ auc: 0.9 }, { step: 1 });',
        '  const logged: Run = await runs.logParams({ lr: 0.01, deep: true });',
        "  const page: RunPage = await runs.search({ filter: 'metrics.auc > 0.8', orderBy: 'metrics.auc DESC' });",
        "  const v: ModelVersion = await models.register({ name: 'm', file: 'model.onnx' });",
        "  const w: ModelVersion = await new CoreClient({ url: 'http://x' }).models.register({ name: 'm', onnx: new Uint8Array(0), runId: null });",
        "  await models.setAlias('m', 'champion', v.version);",
        "  const staged = await models.transition('m', 'champion', 'production', { archiveExisting: true });",
        "  const compared: Comparison = await models.compare('m', [1, 'v2']);",
        "  const fromCell = await registerFromNotebook({ model: 'model.onnx', name: 'm', notebookPath: 'a.ipynb', cellId: 'c1' });",
        "  const line: RegisteredSummary | null = parseRegisteredLine('');",
        '  await run.finish();',
        '  return logged.metrics.auc.value + page.runs.length + w.version + staged.version + compared.metrics.length + fromCell.version + (line?.version ?? 0);',
        '}',
        'export { cell, featureCell, registryCell };'
      ].join('\n')
    );
    const tslabTs = tslabCompiler();
    expect(tslabTs.version).toBe('5.0.4');
    const program = tslabTs.createProgram([notebook], {
      module: tslabTs.ModuleKind.ESNext,
      moduleResolution: tslabTs.ModuleResolutionKind.Node10,
      target: tslabTs.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      types: [],
      strict: true,
      noEmit: true,
      // tslab's own setting (node_modules/tslab/dist/converter.js): it never checks .d.ts files,
      // so zod 4's declarations, which use library names newer than TypeScript 5.0's, go unchecked.
      skipLibCheck: true
    });
    expect(format(tslabTs, tslabTs.getPreEmitDiagnostics(program))).toEqual([]);
  });

  it('keep the core entry browser-safe: it compiles without the Node types', () => {
    // The extension bundles @mlportal/sdk/core for the browser; a use of process, Buffer or a node:
    // module anywhere in its imports fails here instead of in JupyterLab.
    const program = ts.createProgram([path.resolve(__dirname, 'core.ts')], {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      noEmit: true
    });
    const files = program
      .getSourceFiles()
      .filter((f) => !f.isDeclarationFile)
      .map((f) => path.basename(f.fileName));
    expect(files).not.toContain('env.ts');
    expect(format(ts, ts.getPreEmitDiagnostics(program))).toEqual([]);
  });
});
