/**
 * Runs TypeScript cells the way the tslab kernel does: tslab's own converter (type check, top-level
 * await, the last expression's value printed) and executor, one cell after another in one scope,
 * so code that runs in the notebook runs in the job unchanged.
 */
import path from 'node:path';
import type { Converter } from 'tslab/dist/converter';
import type { ConsoleInterface } from 'tslab/dist/executor';

export interface CellRunOptions {
  /** Where modules (`@mlportal/sdk`, the notebook's packages) and their type declarations are looked up. */
  moduleRoot: string;
  /** Where the cells' own output goes; default the process's console. */
  console?: ConsoleInterface;
}

export type CellRunOutcome = { ok: true } | { ok: false; failedCell: number };

type Tslab = { converter: typeof import('tslab/dist/converter'); executor: typeof import('tslab/dist/executor') };

/** Runs the cells in order; stops at the first that fails to compile or throws (tslab has printed why). */
export async function runCells(cells: readonly string[], options: CellRunOptions): Promise<CellRunOutcome> {
  const tslab = loadTslab(options.moduleRoot);
  // tslab's converter resolves imports and their declarations from the directory it was created in;
  // the cells themselves keep the job's working directory for their files.
  const workDir = process.cwd();
  process.chdir(options.moduleRoot);
  let node: Converter;
  try {
    node = tslab.converter.createConverter();
  } finally {
    process.chdir(workDir);
  }
  let browser: Converter | undefined;
  const converters = {
    node,
    // Only `//% browser` cells need it, and it takes seconds to make.
    get browser(): Converter {
      browser ??= tslab.converter.createConverter({ isBrowser: true });
      return browser;
    },
    close(): void {
      node.close();
      browser?.close();
    }
  };
  const executor = tslab.executor.createExecutor(options.moduleRoot, converters, options.console ?? console);
  try {
    for (const [index, source] of cells.entries()) {
      if (!(await executor.execute(source))) return { ok: false, failedCell: index + 1 };
    }
    return { ok: true };
  } finally {
    executor.close();
  }
}

/** tslab as the notebook's kernel has it: from the module root first, else next to the SDK. */
function loadTslab(moduleRoot: string): Tslab {
  for (const from of [path.join(moduleRoot, 'index.js'), __filename]) {
    try {
      const resolve = (request: string) => require.resolve(request, { paths: [path.dirname(from)] });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from where the kernel has tslab
      return { converter: require(resolve('tslab/dist/converter')), executor: require(resolve('tslab/dist/executor')) };
    } catch {
      // Try the next place.
    }
  }
  throw new Error(
    `the cell runner needs tslab (the TypeScript kernel's package), and it is installed neither under ${moduleRoot} nor next to @mlportal/sdk: npm install tslab`
  );
}
