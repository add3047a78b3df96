import { expect, galata, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import { Client } from '../../kernels/sdk/src/client';
import { seedMonitoredDeployment, seedUnsureClassifier } from '../../kernels/sdk/src/monitoring/test-support';
import { adminToken, backendUrl, createToken } from '../helpers/feature-data';

const DEPLOYMENT = 'flights-delay-mon';
const CLASSIFIER = 'flights-late-mon';
const DASHBOARDS = [
  { kind: 'analyst', title: 'Analyst' },
  { kind: 'product', title: 'Product' },
  { kind: 'business', title: 'Business' }
] as const;

let businessToken = '';

// Seeded through HTTP as users would: flight features, a training set, a linear regression exported
// with the SDK's ONNX exporter and registered with that training set, deployed with a KPI (admin
// token), traffic from a later period and late labels for half of it.
// Once per backend: a retried worker runs beforeAll again against the same one.
test.beforeAll(async () => {
  const admin = new Client({ url: backendUrl(), token: adminToken() });
  const deployed = await admin.request(`/api/v1/deployments/${DEPLOYMENT}`).then(
    () => true,
    () => false
  );
  if (!deployed) {
    await seedMonitoredDeployment(admin, { deployment: DEPLOYMENT });
    await seedUnsureClassifier(admin, { deployment: CLASSIFIER });
  }
  businessToken = await createToken(admin, `ui-business-${Date.now()}`, ['business']);
});

// JupyterLab acts with the admin token; its connection check is not polled.
test.use({
  mockSettings: async ({}, use) =>
    use({ ...galata.DEFAULT_SETTINGS, 'mlportal:panel': { backendUrl: backendUrl(), token: adminToken(), pollIntervalSeconds: 0 } })
});

/** Runs a command in JupyterLab without waiting for it (a picker it opens waits for the user). */
async function startCommand(page: Page, id: string, args: Record<string, string> = {}): Promise<void> {
  await page.evaluate(
    ({ id, args }: { id: string; args: Record<string, string> }) => {
      void (
        window as unknown as { jupyterapp: { commands: { execute(id: string, args: unknown): Promise<unknown> } } }
      ).jupyterapp.commands.execute(id, args);
    },
    { id, args }
  );
}

/**
 * Every panel of a drawn dashboard: one with data has a Vega chart (an SVG or canvas under
 * .vega-embed) and rows in its spec; at least one panel has a chart.
 */
async function expectChartsWithData(
  panels: Locator,
  chartSelector: string,
  emptyState: (panel: Locator) => Promise<boolean>
): Promise<void> {
  const count = await panels.count();
  expect(count).toBeGreaterThan(0);
  let charts = 0;
  for (let index = 0; index < count; index++) {
    const panel = panels.nth(index);
    if (await emptyState(panel)) {
      continue;
    }
    await expect(panel.locator(chartSelector).first()).toBeVisible();
    charts++;
  }
  expect(charts).toBeGreaterThan(0);
}

test.describe('Monitoring dashboards', () => {
  test('the analyst, product and business dashboards render with data in JupyterLab panels', async ({ page }) => {
    for (const { kind, title } of DASHBOARDS) {
      if (kind === 'product') {
        // The product dashboard through the picker: the kind and the deployment chosen in a dialog.
        await startCommand(page, 'mlportal:open-dashboard');
        const dialog = page.locator('.jp-Dialog');
        await dialog.getByRole('combobox', { name: 'Dashboard' }).selectOption('product');
        await dialog.getByRole('combobox', { name: 'Deployment' }).selectOption(DEPLOYMENT);
        await dialog.getByRole('button', { name: 'Open' }).click();
      } else {
        await startCommand(page, 'mlportal:open-dashboard', { kind, deployment: DEPLOYMENT });
      }
      const dashboard = page.getByRole('region', { name: `${title} dashboard of ${DEPLOYMENT}` });
      await expect(dashboard).toHaveAttribute('data-kind', kind);
      await expect(dashboard).toHaveAttribute('data-state', 'ready');
      const panels = dashboard.locator('section[data-panel]');
      await expect(dashboard.locator('section[data-panel][data-state="error"]')).toHaveCount(0);
      await expectChartsWithData(panels, '.vega-embed svg, .vega-embed canvas', async (panel) => {
        if ((await panel.getAttribute('data-state')) === 'empty') {
          return true;
        }
        expect(Number(await panel.getAttribute('data-rows'))).toBeGreaterThan(0);
        return false;
      });
    }

    // Refresh reads the dashboard again and draws it again.
    const business = page.getByRole('region', { name: `Business dashboard of ${DEPLOYMENT}` });
    await page.locator('.jp-mlportal-dashboard-widget:visible .jp-Toolbar').getByRole('button', { name: 'Refresh' }).click();
    await expect(business).toHaveAttribute('data-state', 'ready');
    await expect(business.locator('section[data-panel] .vega-embed').first()).toBeVisible();
  });

  test("labels a classifier's low-confidence prediction from its labelling queue", async ({ page }) => {
    await startCommand(page, 'mlportal:open-labelling', { deployment: CLASSIFIER });
    const queue = page.getByRole('region', { name: `Labelling queue of ${CLASSIFIER}` });
    const rows = queue.getByRole('table', { name: 'Predictions to label' }).locator('tbody tr[data-prediction]');
    // The queue fills as the prediction log's batches are announced: Refresh until it has.
    await expect(async () => {
      await page.locator('.jp-mlportal-labelling-widget:visible .jp-Toolbar').getByRole('button', { name: 'Refresh' }).click();
      await expect(rows.first()).toBeVisible({ timeout: 1000 });
    }).toPass();
    const first = rows.first();
    const predictionId = await first.getAttribute('data-prediction');
    await expect(first.locator('dt', { hasText: 'distance' })).toBeVisible();
    await first.getByRole('textbox', { name: `Label of ${predictionId}` }).fill('true');
    await first.getByRole('button', { name: 'Send' }).click();
    await expect(queue.getByRole('status')).toHaveText(`Label true sent for ${predictionId}.`);
    await expect(queue.locator(`tr[data-prediction="${predictionId}"]`)).toHaveCount(0);
  });

  test('a notebook cell shows a dashboard from the SDK', async ({ page }) => {
    await page.notebook.createNew('monitoring.ipynb', { kernel: 'tslab' });
    await page.notebook.setCell(
      0,
      'code',
      ["import { monitoring } from '@mlportal/sdk';", `await monitoring.dashboard('business', { deployment: '${DEPLOYMENT}' });`].join('\n')
    );
    // Run without waiting for the kernel to be idle: the charts appearing in the output is the signal.
    await page.notebook.selectCells(0);
    await page.keyboard.press('Shift+Enter');
    const output = page.locator('.jp-Notebook .jp-Cell').first().locator('.jp-OutputArea');
    await expect(output.locator('.vega-embed svg, .vega-embed canvas').first()).toBeVisible();
    const business = await new Client({ url: backendUrl(), token: adminToken() }).monitoring.dashboardData('business', {
      deployment: DEPLOYMENT
    });
    for (const panel of business.panels) {
      await expect(output.getByRole('heading', { name: panel.title })).toBeVisible();
    }
  });

  test('the standalone business page opens with a business token, shows nothing actionable, and the token may do nothing more', async ({
    browser
  }) => {
    const context = await browser.newContext();
    const standalone = await context.newPage();
    await standalone.goto(`${backendUrl()}/dashboards/business?deployment=${DEPLOYMENT}#token=${businessToken}`);
    await expect(standalone.locator('body')).toHaveAttribute('data-state', 'ready');
    await expectChartsWithData(
      standalone.locator('section[data-panel]'),
      '.vega-embed svg, .vega-embed canvas',
      async (panel) => (await panel.getAttribute('data-empty')) === 'true'
    );
    // Read-only: no button, no field to type into, no form (the token form stays hidden).
    await expect(standalone.getByRole('button')).toHaveCount(0);
    await expect(standalone.getByRole('textbox')).toHaveCount(0);
    await expect(standalone.locator('form:visible')).toHaveCount(0);
    await context.close();

    // Other roles' actions are refused to that token.
    const asBusiness = (path: string, method: string, body: unknown) =>
      fetch(`${backendUrl()}${path}`, {
        method,
        headers: { Authorization: `Bearer ${businessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      });
    const label = await asBusiness('/api/v1/labels', 'POST', { labels: [{ predictionId: 'pred_00000000000000000000', label: 1 }] });
    expect(label.status).toBe(403);
    const deploy = await asBusiness('/api/v1/deployments', 'POST', { name: 'not-allowed', model: `${DEPLOYMENT}-model`, version: 1 });
    expect(deploy.status).toBe(403);
    const configure = await asBusiness(`/api/v1/monitoring/deployments/${DEPLOYMENT}/config`, 'PUT', { sloP99Ms: 5, revision: 1 });
    expect(configure.status).toBe(403);
  });
});
