import { createConverter } from 'tslab/dist/converter';
import * as ts from 'typescript';
import { REGISTERED_LINE_PREFIX } from '@mlportal/sdk/core';
import { registerCode, registerOutcome } from './kernel-call';

const REQUEST = {
  source: { kind: 'variable' as const, name: 'onnxBytes' },
  name: 'flights-delay',
  description: 'It\'s "quoted", on\ntwo lines, with ${not} a template`',
  metrics: { rmse: 4.25 },
  tags: { team: 'flights' }
};
const ORIGIN = { notebookPath: 'work/train.ipynb', cellId: 'c0ffee-1' };

/** The object literal the generated line passes to the SDK, read back by TypeScript's own parser. */
function callArgument(code: string): Record<string, unknown> {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, true);
  let argument: ts.ObjectLiteralExpression | null = null;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'registerFromNotebook'
    ) {
      argument = node.arguments[0] as ts.ObjectLiteralExpression;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const read: Record<string, unknown> = {};
  for (const property of (argument as ts.ObjectLiteralExpression | null)?.properties ?? []) {
    const assignment = property as ts.PropertyAssignment;
    const text = assignment.initializer.getText(file);
    read[(assignment.name as ts.Identifier).text] = ts.isIdentifier(assignment.initializer) ? { variable: text } : JSON.parse(text);
  }
  return read;
}

describe('registering through the kernel', () => {
  it('writes one line of valid TypeScript whose fields arrive exactly as given', () => {
    const code = registerCode(REQUEST, ORIGIN);
    expect(code.split('\n')).toHaveLength(1);
    const transpiled = ts.transpileModule(code, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
    });
    expect(transpiled.diagnostics).toEqual([]);
    expect(callArgument(code)).toEqual({
      name: 'flights-delay',
      model: { variable: 'onnxBytes' },
      description: REQUEST.description,
      metrics: { rmse: 4.25 },
      tags: { team: 'flights' },
      notebookPath: 'work/train.ipynb',
      cellId: 'c0ffee-1'
    });
    const fromFile = registerCode(
      { ...REQUEST, source: { kind: 'file', path: 'models/a "b".onnx' }, description: '', metrics: {}, tags: {} },
      ORIGIN
    );
    expect(callArgument(fromFile)).toEqual({
      name: 'flights-delay',
      model: 'models/a "b".onnx',
      notebookPath: 'work/train.ipynb',
      cellId: 'c0ffee-1'
    });
  });

  it('compiles in tslab against the SDK’s registerFromNotebook, as top-level await that prints nothing itself', () => {
    // tslab type-checks against the SDK's compiled declarations (kernels/sdk/lib, built by npm test / npm run build).
    const converter = createConverter();
    try {
      const declared = converter.convert('', 'const onnxBytes = new Uint8Array(8);');
      expect(declared.diagnostics).toEqual([]);
      for (const request of [REQUEST, { ...REQUEST, source: { kind: 'file' as const, path: 'models/delay.onnx' } }]) {
        const converted = converter.convert(declared.declOutput ?? '', registerCode(request, ORIGIN));
        expect(converted.diagnostics).toEqual([]);
        expect(converted.hasToplevelAwait).toBe(true);
      }
      // A name the kernel does not know is tslab's diagnostic, which the dialog then shows.
      const unknown = converter.convert(
        declared.declOutput ?? '',
        registerCode({ ...REQUEST, source: { kind: 'variable', name: 'bytez' } }, ORIGIN)
      );
      expect(unknown.diagnostics.map((diagnostic) => diagnostic.messageText)).toEqual(["Cannot find name 'bytez'."]);
    } finally {
      converter.close();
    }
  });

  it('reads the version from the SDK’s marked line, whatever else the kernel printed', () => {
    const registered = {
      model: 'flights-delay',
      version: 3,
      stage: 'none',
      aliases: [],
      sha256: 'ab'.repeat(32),
      size: 512,
      notebookPath: 'work/train.ipynb'
    };
    const outcome = registerOutcome({
      ok: true,
      stdout: `training done\n${REGISTERED_LINE_PREFIX}${JSON.stringify(registered)}\n`,
      stderr: '',
      error: null
    });
    expect(outcome).toEqual({ ok: true, registered });
  });

  it('gives the kernel’s error without its stack', () => {
    const stderr = [
      'MlportalApiError: 422 invalid_model: not an ONNX model: index out of range (POST http://127.0.0.1:1/api/v1/models/artifacts)',
      '    at Client.request (/work/kernels/sdk/lib/client.js:120:13)',
      '    at async registerFromNotebook (/work/kernels/sdk/lib/registry/notebook.js:10:3)',
      ''
    ].join('\n');
    expect(registerOutcome({ ok: false, stdout: '', stderr, error: null })).toEqual({
      ok: false,
      message:
        'MlportalApiError: 422 invalid_model: not an ONNX model: index out of range (POST http://127.0.0.1:1/api/v1/models/artifacts)'
    });
    expect(registerOutcome({ ok: false, stdout: '', stderr: "1:12 - Cannot find name 'onnxBytes'.\n", error: null })).toEqual({
      ok: false,
      message: "1:12 - Cannot find name 'onnxBytes'."
    });
    expect(registerOutcome({ ok: true, stdout: 'nothing marked\n', stderr: '', error: null })).toEqual({
      ok: false,
      message: 'nothing marked'
    });
  });
});
