import { expect, galata, test } from '@jupyterlab/galata';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { adminClient, backendUrl, createToken } from '../helpers/feature-data';

const PANEL_ID = 'mlportal-jobs';
const NOTEBOOK = 'jobs-train.ipynb';
/**
 * The job trains one epoch, then waits for a file "gate" in its working folder (the one place a sandboxed job shares
 * with the machine): the test sees the log live, before the job can end.
 */
const gateOf = (jobId: string) => path.join(process.env.MLPORTAL_UI_DATA_DIR ?? '', 'jobs', jobId, 'attempt-1', 'work', 'gate');

/** Imports and parameters, tagged "setup" so they run before the submitted cell. */
const SETUP_CELL = ["import { runs } from '@mlportal/sdk';", 'const epochs = 5;', "const gate = 'gate';"].join('\n');

/** A tiny linear fit by gradient descent that logs its loss per epoch. First line short: the cell toolbar hides over long ones. */
const TRAINING_CELL = [
  '// train',
  "import { existsSync } from 'fs';",
  'const xs = [1, 2, 3, 4];',
  'const ys = xs.map(x => 2 * x + 1);',
  'let w = 0;',
  'let b = 0;',
  'let loss = 0;',
  'for (let epoch = 1; epoch <= epochs; epoch++) {',
  '  const errors = xs.map((x, i) => w * x + b - ys[i]);',
  '  w -= (0.05 * errors.reduce((sum, e, i) => sum + e * xs[i], 0)) / xs.length;',
  '  b -= (0.05 * errors.reduce((sum, e) => sum + e, 0)) / xs.length;',
  '  loss = xs.reduce((sum, x, i) => sum + (w * x + b - ys[i]) ** 2, 0) / xs.length;',
  '  await runs.logMetrics({ loss }, { step: epoch });',
  '  console.log(`epoch ${epoch} loss ${loss.toFixed(4)}`);',
  '  while (!existsSync(gate)) await new Promise(resolve => setTimeout(resolve, 100));',
  '}',
  '`final loss ${loss.toFixed(4)}`'
].join('\n');

function notebook() {
  const cell = (source: string, tags: string[]) => ({
    cell_type: 'code',
    execution_count: null,
    id: `c${tags.length}`,
    metadata: { tags },
    outputs: [],
    source
  });
  return {
    cells: [cell(SETUP_CELL, ['setup']), cell(TRAINING_CELL, [])],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5
  };
}

let engineerToken = '';

test.beforeAll(async () => {
  engineerToken = await createToken(adminClient(), 'ui-jobs-ml-engineer', ['ml-engineer']);
});

test.use({
  mockSettings: async ({}, use) =>
    use({ ...galata.DEFAULT_SETTINGS, 'mlportal:panel': { backendUrl: backendUrl(), token: engineerToken, pollIntervalSeconds: 0 } })
});

test.describe('Jobs', () => {
  test('submits a tslab training cell from its toolbar: the log streams into the cell, the job succeeds, and its run shows the metric', async ({
    page,
    tmpPath
  }) => {
    const notebookPath = `${tmpPath}/${NOTEBOOK}`;
    expect(await page.contents.uploadContent(JSON.stringify(notebook()), 'text', notebookPath)).toBe(true);
    expect(await page.notebook.openByPath(notebookPath)).toBe(true);
    await page.notebook.activate(NOTEBOOK);

    await page.notebook.selectCells(1);
    const cell = page.locator('.jp-Notebook .jp-Cell').nth(1);
    await cell.click();
    const submit = cell.locator('.jp-cell-toolbar [data-command="mlportal:submit-cell-job"]');
    await expect(submit).toBeVisible();
    await submit.click();

    // The dialog says what it sends, offers the local queue, and refuses a bad field by name.
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('[data-field="summary"]')).toHaveText(/Sends cell 2, with 1 cell tagged "setup" first \(TypeScript/);
    await expect(dialog.getByRole('textbox', { name: 'Image' })).toHaveValue(/^ghcr\.io\/mlportal\/tslab-runtime:/);
    await expect(dialog.getByRole('combobox', { name: 'Queue' })).toHaveValue('default');
    await expect(dialog.getByRole('combobox', { name: 'Queue' }).locator('option')).toHaveText([/^default \(local; 0 GPUs in use;/]);
    await dialog.getByRole('textbox', { name: 'GPUs' }).fill('17');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(page.locator('.jp-Dialog').getByRole('alert')).toContainText('GPUs: a whole number from 0 to 16; got "17".');
    await page.locator('.jp-Dialog').getByRole('textbox', { name: 'GPUs' }).fill('0');
    // A refusal by the backend is shown with its own words, the fields kept.
    await page.locator('.jp-Dialog').getByRole('textbox', { name: 'Image' }).fill('Trainer:1');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Submit' }).click();
    await expect(page.locator('.jp-Dialog').getByRole('alert')).toContainText('The backend refused the job:');
    await expect(page.locator('.jp-Dialog').getByRole('alert')).toContainText('repository names must be lower case');
    await expect(page.locator('.jp-Dialog').getByRole('textbox', { name: 'GPUs' })).toHaveValue('0');
    await page.locator('.jp-Dialog').getByRole('textbox', { name: 'Image' }).fill('ghcr.io/mlportal/tslab-runtime:0.1.0');
    await page.locator('.jp-Dialog').getByRole('textbox', { name: 'Job name' }).fill('ui linear fit');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Submit' }).click();
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);

    // The first epoch's line arrives while the job still runs (it waits for the gate).
    const status = cell.locator('.jp-mlportal-job-status');
    await expect(status).toHaveCount(1);
    const jobId = (await status.getAttribute('data-job')) ?? '';
    expect(jobId).toMatch(/^job-[0-9a-f]{12}$/);
    await expect(cell.locator('.jp-OutputArea')).toContainText('epoch 1 loss');
    expect((await adminClient().jobs.get(jobId)).state).toBe('running');
    await expect(status).toHaveAttribute('data-state', 'running');

    // Closed and opened again while the job runs, the notebook follows the job anew.
    await page.notebook.save();
    await page.notebook.close();
    expect(await page.notebook.openByPath(notebookPath)).toBe(true);
    await page.notebook.activate(NOTEBOOK);
    await expect(status).toHaveAttribute('data-state', 'running');
    await expect(cell.locator('.jp-OutputArea')).toContainText('epoch 1 loss');
    writeFileSync(gateOf(jobId), 'go');

    // The end: every epoch and the last value in the cell, and the final state with the run.
    await expect(status).toHaveAttribute('data-state', 'succeeded');
    await expect(status).toContainText(`Job ${jobId} (ui linear fit) on queue default: succeeded`);
    const output = (await cell.locator('.jp-OutputArea').innerText()).replace(/\r/g, '');
    expect(output).toMatch(/epoch 5 loss \d+\.\d{4}\nfinal loss \d+\.\d{4}/);
    const job = await adminClient().jobs.get(jobId);
    expect(job).toMatchObject({ state: 'succeeded', name: 'ui linear fit', queue: 'default', executor: 'local' });
    const run = await adminClient().runs.get(job.runId);
    expect(run.metrics.loss.step).toBe(5);
    expect(run.status).toBe('FINISHED');

    // "Open run" shows the run in the Jobs sidebar, with the metric the code logged.
    await status.getByRole('button', { name: 'Open run' }).click();
    const panel = page.locator(`#${PANEL_ID}`);
    const runView = panel.getByRole('region', { name: `Run of job ${jobId}` });
    await expect(runView).toBeVisible();
    await expect(runView.getByRole('table', { name: 'Metrics' }).locator('[data-key="loss"] td')).toHaveAttribute(
      'title',
      String(run.metrics.loss.value)
    );

    // The job is listed as succeeded; its page shows the log it streamed.
    await runView.getByRole('button', { name: '← All jobs' }).click();
    const row = panel.getByRole('list', { name: 'Jobs' }).locator(`[data-job="${jobId}"]`);
    await expect(row.locator('[data-field="state"]')).toHaveText('succeeded');
    await row.getByRole('button', { name: 'ui linear fit' }).click();
    const jobPage = panel.getByRole('region', { name: `Job ${jobId}` });
    await expect(jobPage.getByLabel('Log')).toContainText('epoch 5 loss');
    await expect(jobPage.getByRole('button', { name: 'Rerun' })).toBeVisible();
    expect(existsSync(gateOf(jobId))).toBe(true);
  });
});
