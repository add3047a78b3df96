/**
 * examples/model-registry.ipynb end to end: the demo seeded from the first 250,000 flights (about
 * two weeks), the notebook executed cell by cell in a real tslab kernel (jupyter nbconvert from the
 * project venv) against a real backend, then what it left checked through the SDK: the model
 * version, its stage and alias, and its lineage back to the run, the training set and the features.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../../../server/testing/temp-dir';
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { modelsOf, runsOf } from '../env';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const NOTEBOOK = path.join(repoRoot, 'examples', 'model-registry.ipynb');
const JUPYTER = path.join(repoRoot, '.venv', 'bin', 'jupyter');

function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}

describe('the model registry example notebook', () => {
  let server: TestServer;
  let dir: TempDir;
  let executed: { code: number | null; output: string };

  beforeAll(async () => {
    server = await startTestServer();
    dir = makeTempDir('sdk-notebook');
    const env = { ...process.env, MLPORTAL_URL: server.url, MLPORTAL_TOKEN: server.adminToken };
    const seeded = await runProcess(process.execPath, [path.join(repoRoot, 'scripts', 'seed.mjs'), '--rows', '250000'], {
      cwd: repoRoot,
      env
    });
    if (seeded.code !== 0) throw new Error(`npm run seed failed:\n${seeded.output}`);
    executed = await runProcess(
      JUPYTER,
      [
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--ExecutePreprocessor.timeout=300',
        '--output',
        path.join(dir.path, 'executed.ipynb'),
        NOTEBOOK
      ],
      { cwd: path.dirname(NOTEBOOK), env }
    );
  }, 600_000);

  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('runs every cell without an error', () => {
    expect({ code: executed.code, output: executed.code === 0 ? '' : executed.output }).toEqual({ code: 0, output: '' });
    const notebook = JSON.parse(readFileSync(path.join(dir.path, 'executed.ipynb'), 'utf8')) as {
      cells: Array<{ cell_type: string; outputs?: NotebookOutput[] }>;
    };
    const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []);
    expect(outputs.filter((o) => o.output_type === 'error' || o.name === 'stderr')).toEqual([]);
    const text = outputs.map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''))).join('');
    expect(text).toMatch(/recorded on the run: true/);
    expect(text).toMatch(/registered flights-delay v1/);
  });

  it('leaves a staged version whose lineage reaches back to its run, training set and features', async () => {
    const client = new Client({ url: server.url, token: server.adminToken });
    const models = modelsOf(client);
    const model = await models.get('flights-delay');
    expect(model).toMatchObject({ latestVersion: 1, aliases: { challenger: 1 } });
    const version = await models.version('flights-delay', 'challenger');
    expect(version.stage).toBe('staging');
    expect(version.artifact.signature.inputs).toEqual([{ name: 'input', elementType: 'float32', shape: ['batch', 5] }]);
    expect(Object.keys(version.metrics).sort()).toEqual(['baseline_rmse', 'mae', 'rmse']);

    const lineage = await models.lineage('flights-delay', 1);
    expect(lineage.trainingSet?.id).toBe(version.lineage.trainingSetId);
    expect(lineage.features.map((f) => f.reference)).toEqual(
      expect.arrayContaining(['airport_delay_7d@v1:mean_delay_7d', 'route_delay_30d@v1:mean_delay_30d'])
    );
    const run = await runsOf(client).get(version.lineage.runId ?? '');
    expect(run).toMatchObject({
      status: 'FINISHED',
      origin: { kernel: 'tslab', source: 'notebook', trainingSetId: lineage.trainingSet?.id }
    });
  });
});
