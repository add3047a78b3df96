import { expect, galata, test } from '@jupyterlab/galata';
import { adminClient, backendUrl, createToken } from '../helpers/feature-data';

const PANEL_ID = 'mlportal-registry';
const MODEL = 'flights-delay-ui';

/**
 * A tslab cell that trains a linear regression in TypeScript and exports it as ONNX bytes. Its first
 * line stays short: the cell toolbar hides itself when it would cover a long first line.
 */
const TRAINING_CELL = [
  '// train',
  "import MLR from 'ml-regression-multivariate-linear';",
  "import { onnx } from '@mlportal/sdk';",
  'const x = [[1, 2], [2, 1], [3, 4], [4, 3], [5, 7], [6, 5]];',
  'const y = x.map(([distance, hour]) => [2 * distance - hour + 1]);',
  'const regression = new MLR(x, y);',
  // The library's declarations omit the inputs/outputs/intercept fields the live model has.
  "const onnxBytes = onnx.fromLinearRegression(regression as unknown as onnx.LinearRegressionLike, { featureNames: ['distance', 'hour'] });",
  'console.log(`exported ${onnxBytes.length} bytes`);'
].join('\n');

let engineerToken = '';

test.beforeAll(async () => {
  engineerToken = await createToken(adminClient(), 'ui-ml-engineer', ['ml-engineer']);
});

// The sidebar acts as an ml-engineer (may register and promote to staging, not to production);
// the kernel registers with its own MLPORTAL_TOKEN.
test.use({
  mockSettings: async ({}, use) =>
    use({ ...galata.DEFAULT_SETTINGS, 'mlportal:panel': { backendUrl: backendUrl(), token: engineerToken, pollIntervalSeconds: 0 } })
});

test.describe('Model Registry', () => {
  test('registers a model trained in a tslab cell from the cell toolbar, finds it in the sidebar, and promotes it', async ({ page }) => {
    await page.notebook.createNew('model-registry.ipynb', { kernel: 'tslab' });
    await page.notebook.setCell(0, 'code', TRAINING_CELL);
    await page.notebook.runCell(0);
    const output = (await page.notebook.getCellTextOutput(0))?.join('\n') ?? '';
    expect(output).toMatch(/exported \d+ bytes/);

    // The cell's own toolbar carries the action; the dialog offers what the cell assigned.
    await page.notebook.selectCells(0);
    const cell = page.locator('.jp-Notebook .jp-Cell').first();
    await cell.click();
    const register = cell.locator('.jp-cell-toolbar [data-command="mlportal:register-model"]');
    await expect(register).toBeVisible();
    await register.click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByRole('combobox', { name: 'Variable' })).toHaveValue('onnxBytes');
    await dialog.getByRole('textbox', { name: 'Model name' }).fill(MODEL);
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Linear regression of the delay on distance and hour');
    await dialog.getByRole('textbox', { name: 'Metrics' }).fill('rmse=0.25\nr2=0.97');
    await dialog.getByRole('textbox', { name: 'Tags' }).fill('team=flights');
    await dialog.getByRole('button', { name: 'Register' }).click();

    const registered = page.locator('.jp-Dialog', { hasText: 'Model registered' });
    await expect(registered).toContainText(`${MODEL} version 1 is registered (stage none`);
    await registered.getByRole('button', { name: 'Open in registry' }).click();

    // "Open in registry" shows the version: its signature and where it came from.
    const panel = page.locator(`#${PANEL_ID}`);
    const version = panel.getByRole('region', { name: `Model ${MODEL} version 1` });
    await expect(version).toBeVisible();
    const signature = version.getByRole('table', { name: 'Signature' });
    await expect(signature.locator('[data-side="input"] [data-field="element-type"]')).toHaveText('float32');
    await expect(signature.locator('[data-side="input"] [data-field="shape"]')).toHaveText('[batch, 2]');
    await expect(signature.locator('[data-side="output"][data-tensor="prediction"] [data-field="shape"]')).toHaveText('[batch, 1]');
    await expect(version.getByRole('table', { name: 'Metrics' }).locator('[data-key="rmse"] td')).toHaveText('0.25');
    await expect(version.getByRole('group', { name: 'Lineage' }).locator('[data-field="notebook"]')).toContainText('model-registry.ipynb');
    await expect(version.getByRole('group', { name: 'Lineage' }).locator('[data-field="cell"]')).not.toBeEmpty();

    // The same version, found from the model list.
    await version.getByRole('button', { name: `← ${MODEL}` }).click();
    await panel.getByRole('button', { name: '← All models' }).click();
    await panel.getByRole('searchbox', { name: 'Search models' }).fill('delay-ui');
    const models = panel.getByRole('list', { name: 'Models' });
    await models.getByRole('button', { name: MODEL, exact: true }).click();
    const versions = panel.getByRole('list', { name: 'Versions' });
    await expect(versions.locator('[data-version="1"] [data-field="stage"]')).toHaveText('none');
    await versions.getByRole('button', { name: 'v1', exact: true }).click();

    // An ml-engineer may move it to staging (with the archive option), never to production.
    const stageSelect = version.getByRole('combobox', { name: 'New stage' });
    await expect(stageSelect.locator('option')).toHaveText(['choose a stage', 'staging', 'archived']);
    await stageSelect.selectOption('staging');
    await version.getByRole('checkbox', { name: 'Archive existing versions in that stage' }).check();
    await version.getByRole('button', { name: 'Apply' }).click();
    await expect(version.getByRole('status')).toHaveText('Version 1 moved from none to staging.');
    await expect(version.locator('.jp-mlportal-badges [data-field="stage"]')).toHaveText('staging');
    expect((await adminClient().models.version(MODEL, 1)).stage).toBe('staging');

    // A model card renders through JupyterLab's markdown renderer, and going back from it leaves the
    // sidebar working (disposing the renderer once threw "Widget is not attached." and blanked it).
    await adminClient().models.updateVersion(MODEL, 1, { card: '# Flights delay\n\nA **linear** model of the delay.' });
    await version.getByRole('button', { name: `← ${MODEL}` }).click();
    await versions.getByRole('button', { name: 'v1', exact: true }).click();
    // JupyterLab's markdown renderer adds a ¶ anchor link to each heading.
    await expect(version.getByLabel('Model card').locator('h1')).toHaveText(/^Flights delay/);
    await expect(version.getByLabel('Model card').locator('strong')).toHaveText('linear');
    await version.getByRole('button', { name: `← ${MODEL}` }).click();
    await expect(versions.locator('[data-version="1"] [data-field="stage"]')).toHaveText('staging');
    await panel.getByRole('button', { name: '← All models' }).click();
    await expect(models.getByRole('button', { name: MODEL, exact: true })).toBeVisible();
  });
});
