/**
 * The cell runner: a job's entry for notebook code (`node -e "require('@mlportal/sdk/cell-runner')
 * .runCellJob(process.argv.slice(1))" <args>`, see commands.ts). Decodes the cells from its args and
 * runs them as the tslab kernel would; exits 0 when every cell ran, 1 when one failed, 2 when the
 * args carry no cells. Inside a job the SDK adopts MLPORTAL_RUN_ID, so `runs.logMetrics()` in a
 * cell logs to the job's run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { decodeCells } from './payload';
import { runCells } from './run-cells';

export { decodeCells, encodeCells } from './payload';
export { runCells, type CellRunOptions, type CellRunOutcome } from './run-cells';

/** Runs the cells the args carry and ends the process with the outcome's exit code. */
export async function runCellJob(args: readonly string[]): Promise<never> {
  let cells: string[];
  try {
    cells = decodeCells(args);
  } catch (error) {
    console.error(`mlportal cell runner: ${error instanceof Error ? error.message : String(error)}`);
    return process.exit(2);
  }
  const outcome = await runCells(cells, { moduleRoot: moduleRoot() }).catch((error: unknown) => {
    console.error(`mlportal cell runner: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false as const, failedCell: 0 };
  });
  if (!outcome.ok && outcome.failedCell > 0) console.error(`mlportal cell runner: cell ${outcome.failedCell} of ${cells.length} failed`);
  // Explicitly: tslab's converter keeps file watchers, and a cell may leave a timer behind.
  return process.exit(outcome.ok ? 0 : 1);
}

/**
 * The working directory when a node_modules above it holds @mlportal/sdk (as a notebook's directory
 * does for the kernel); otherwise the SDK's own package folder, whose node_modules lookups reach the
 * SDK and what it was installed with. Only node_modules folders count, not NODE_PATH: tslab's
 * TypeScript resolves modules the node_modules way, so a folder found through NODE_PATH would let
 * `require` work while the cell's type check fails.
 */
export function moduleRoot(workDir: string = process.cwd()): string {
  for (let dir = path.resolve(workDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', '@mlportal', 'sdk', 'package.json'))) return workDir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..', '..');
  }
}

if (require.main === module) void runCellJob(process.argv.slice(2));
