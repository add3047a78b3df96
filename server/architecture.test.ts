/**
 * The server's import graph, as dpdm reads it from every entry point, type-only imports included:
 * no cycle between server files, and the route kit (server/api/) imports no domain, only the
 * platform and the settings. A domain meets another through a narrow port the composition builds
 * (server/composition/), never through the route kit or the whole services bag.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DependencyTree } from 'dpdm';

const REPO = path.resolve(__dirname, '..');

/** Every program the server ships: the backend, the backup CLI, the OpenAPI writer, the inference worker thread and the batch-scoring job. */
const ENTRY_POINTS = [
  'server/main.ts',
  'server/backup/cli.ts',
  'server/composition/openapi-cli.ts',
  'server/serving/runtime/worker.ts',
  'server/serving/batch/score-cli.ts'
];

/** Where the route kit may reach inside server/: itself, the platform, the settings. */
const KIT_MAY_IMPORT = [/^server\/api\//, /^server\/platform\//, /^server\/config\.ts$/];

interface ImportGraph {
  tree: DependencyTree;
  circulars: string[][];
}

/** dpdm's Node API, in a child process (testing/import-graph.cjs says why). */
function importGraph(entries: string[]): ImportGraph {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'testing', 'import-graph.cjs'), ...entries], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 << 20
  });
  return JSON.parse(output) as ImportGraph;
}

function kitFiles(): string[] {
  return readdirSync(path.join(REPO, 'server', 'api'))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => `server/api/${name}`);
}

describe('the server’s imports', () => {
  const graph = importGraph(ENTRY_POINTS);

  it('are read from every entry point', () => {
    for (const entry of ENTRY_POINTS) expect(Object.keys(graph.tree)).toContain(entry);
  });

  it('form no cycle between server files, type-only imports included', () => {
    const cycles = graph.circulars.filter((chain) => chain.some((file) => file.startsWith('server/')));
    expect(cycles.map((chain) => [...chain, chain[0]].join(' → '))).toEqual([]);
  });

  it('keep the route kit (server/api/) free of every domain', () => {
    const kit = kitFiles();
    const { tree } = importGraph(kit);
    const reaches = kit.flatMap((file) =>
      (tree[file] ?? [])
        .map((dependency) => dependency.id)
        .filter((id): id is string => id !== null && id.startsWith('server/') && !KIT_MAY_IMPORT.some((allowed) => allowed.test(id)))
        .map((id) => `${file} → ${id}`)
    );
    expect(reaches).toEqual([]);
  });
});
