/**
 * What a cell may have produced an ONNX model in, found by a simple reading of its source (no type
 * checking): the names it assigns, and the .onnx paths it spells out as string literals.
 */

const KEYWORDS = new Set([
  'await',
  'new',
  'typeof',
  'void',
  'this',
  'true',
  'false',
  'null',
  'undefined',
  'return',
  'if',
  'else',
  'for',
  'while'
]);

/** Names the cell declares or assigns (const x = …, let {a, b} = …, x = …), in first-seen order. */
export function assignedNames(source: string): string[] {
  const code = withoutComments(source);
  const names: string[] = [];
  const add = (name: string) => {
    if (/^[A-Za-z_$][\w$]*$/.test(name) && !KEYWORDS.has(name) && !names.includes(name)) names.push(name);
  };
  // Declarations, including destructuring: const { a, b: renamed } = …, let [x, y] = …
  const declaration = /\b(?:const|let|var)\s+(\{[^}]*\}|\[[^\]]*\]|[A-Za-z_$][\w$]*)/g;
  for (const match of code.matchAll(declaration)) {
    const target = match[1];
    if (target.startsWith('{') || target.startsWith('[')) {
      for (const part of target.slice(1, -1).split(',')) {
        const name = part
          .split(':')
          .pop()!
          .split('=')[0]
          .replace(/^\s*\.\.\./, '')
          .trim();
        add(name);
      }
    } else {
      add(target);
    }
  }
  // Plain assignments at the start of a statement: x = …, but not x == … or x => …
  const assignment = /(?:^|[;{}\n])\s*([A-Za-z_$][\w$]*)\s*=(?![=>])/g;
  for (const match of code.matchAll(assignment)) {
    add(match[1]);
  }
  return names;
}

/** String literals ending in .onnx: the files a cell wrote (or read) its model to. */
export function onnxPaths(source: string): string[] {
  const paths: string[] = [];
  const literal = /(['"`])((?:(?!\1)[^\\\n]|\\.)*?\.onnx)\1/g;
  for (const match of withoutComments(source).matchAll(literal)) {
    const path = match[2];
    // A template with a placeholder names no one file.
    if (match[1] === '`' && path.includes('${')) continue;
    if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}

/**
 * The variable most likely to hold the ONNX bytes: the last one whose name says onnx, else the
 * last one assigned (a cell usually ends with its result).
 */
export function likelyOnnxVariable(names: readonly string[]): string | null {
  const onnxNamed = names.filter((name) => /onnx/i.test(name));
  return onnxNamed.at(-1) ?? names.at(-1) ?? null;
}

/** Line and block comments removed; string contents kept (a path lives in one). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}
