import { expect, galata, test } from '@jupyterlab/galata';
import { onnx } from '@mlportal/sdk';
import { adminClient, backendUrl, createToken } from '../helpers/feature-data';

const REGISTRY_ID = 'mlportal-registry';
const DEPLOYMENTS_ID = 'mlportal-deployments';
const WIZARD_ID = 'mlportal-deploy-wizard';
const MODEL = 'flights-delay-deploy';
/** The wizard suggests the model's name, already a DNS label. */
const DEPLOYMENT = MODEL;
const FEATURES = ['distance', 'dep_hour', 'origin_delay_7d', 'carrier_delay_7d', 'weather_index'];
/** The delay in minutes: weights per feature, then the intercept. */
const WEIGHTS = [[0.5], [1], [-2], [0.25], [3], [4]];
const TEST_ROW = [1, 2, 3, 4, 5];
/** 0.5·1 + 1·2 − 2·3 + 0.25·4 + 3·5 + 4 */
const EXPECTED_PREDICTION = '16.5';

let serviceEngineerToken = '';

// The flights model, registered through the SDK the way a notebook would: a linear regression over
// five float features, with its metrics.
test.beforeAll(async () => {
  const admin = adminClient();
  serviceEngineerToken = await createToken(admin, 'ui-ml-service-engineer', ['ml-service-engineer']);
  await admin.models.register({
    name: MODEL,
    onnx: onnx.fromLinearRegression({ weights: WEIGHTS }, { featureNames: FEATURES }),
    description: 'Linear regression of the departure delay',
    metrics: { rmse: 11.5, r2: 0.82 },
    runId: null
  });
});

// An ml-service-engineer deploys (deployments:manage) and sends test requests (predictions:send);
// the sidebars read again every second.
test.use({
  mockSettings: async ({}, use) =>
    use({
      ...galata.DEFAULT_SETTINGS,
      'mlportal:panel': { backendUrl: backendUrl(), token: serviceEngineerToken, pollIntervalSeconds: 0 },
      'mlportal:deployments': { pollIntervalSeconds: 1 }
    })
});

test.describe('Deployments', () => {
  test('deploys a registered version from the registry through the wizard, tests it, and sees its traffic in the sidebar', async ({
    page
  }) => {
    // The version in the Model Registry sidebar carries the "Deploy" action.
    await page.sidebar.openTab(REGISTRY_ID);
    const registry = page.locator(`#${REGISTRY_ID}`);
    await registry.getByRole('list', { name: 'Models' }).getByRole('button', { name: MODEL, exact: true }).click();
    await registry.getByRole('list', { name: 'Versions' }).getByRole('button', { name: 'v1', exact: true }).click();
    const version = registry.getByRole('region', { name: `Model ${MODEL} version 1` });
    await version.getByRole('button', { name: 'Deploy', exact: true }).click();

    // 1. Model & version: preselected.
    const wizard = page.locator(`#${WIZARD_ID}`);
    await expect(wizard.getByRole('combobox', { name: 'Model' })).toHaveValue(MODEL);
    await expect(wizard.getByRole('combobox', { name: 'Version' })).toHaveValue('1');
    await expect(wizard.getByRole('group', { name: 'Chosen version' }).locator('[data-field="inputs"]')).toHaveText(
      'input float32 [batch, 5]'
    );
    await wizard.getByRole('button', { name: 'Next' }).click();

    // 2. Gate: thresholds on the version's metrics, checked as a dry run.
    const gate = wizard.getByRole('region', { name: 'Gate' });
    await expect(gate.getByRole('combobox', { name: 'Metric of threshold 1' })).toHaveValue('r2');
    await gate.getByRole('textbox', { name: 'Value of threshold 1' }).fill('0.8');
    await expect(gate.getByRole('combobox', { name: 'Comparison of threshold 2' })).toHaveValue('<=');
    await gate.getByRole('textbox', { name: 'Value of threshold 2' }).fill('12');
    await gate.getByRole('button', { name: 'Check gate' }).click();
    await expect(gate.getByRole('status')).toHaveText('The gate passed.');
    const checks = gate.getByRole('table', { name: 'Gate checks' });
    await expect(checks.locator('[data-metric="rmse"] [data-field="actual"]')).toHaveText('11.5');
    await expect(checks.locator('[data-metric="rmse"] [data-field="result"]')).toHaveText('passed');
    await wizard.getByRole('button', { name: 'Next' }).click();

    // 3. Configure: a new deployment with smaller batches.
    const configure = wizard.getByRole('region', { name: 'Configure' });
    await expect(configure.getByRole('textbox', { name: 'Name' })).toHaveValue(DEPLOYMENT);
    await configure.getByRole('textbox', { name: 'Max batch size' }).fill('16');
    await wizard.getByRole('button', { name: 'Next' }).click();

    // 4. Review: what changes against what runs now (nothing yet).
    const review = wizard.getByRole('region', { name: 'Review' });
    const changes = review.getByRole('table', { name: 'Changes' });
    await expect(changes.locator('[data-field="traffic"] [data-side="from"]')).toHaveText('—');
    await expect(changes.locator('[data-field="traffic"] [data-side="to"]')).toHaveText(`${MODEL} v1 100%`);
    await expect(changes.locator('[data-field="batching"] [data-side="to"]')).toHaveText('maxBatchSize 16, maxQueueDelayMs 2');
    await wizard.getByRole('button', { name: 'Deploy', exact: true }).click();

    // 5. Live: the deployment runs; a test request prefilled from the signature, then one of ours.
    const live = wizard.getByRole('region', { name: 'Live status' });
    await expect(live.locator('[data-field="state"]')).toHaveText('ready');
    await expect(live.getByRole('img', { name: 'Traffic: v1 100%' })).toBeVisible();
    const request = wizard.getByRole('textbox', { name: 'Test request' });
    await expect(request).toHaveValue('{"instances":[[0,0,0,0,0]]}');
    await request.fill(JSON.stringify({ instances: [TEST_ROW] }));
    const prediction = wizard.getByRole('group', { name: 'Prediction' });
    for (const sent of ['1', '2', '3']) {
      await wizard.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(prediction.locator('[data-field="sent"]')).toHaveText(sent);
    }
    await expect(prediction.locator('[data-field="prediction"]')).toHaveText(EXPECTED_PREDICTION);
    await expect(prediction.locator('[data-field="prediction-id"]')).toHaveText(/^pred_[0-9a-z]+$/);
    await expect(prediction.locator('[data-field="served-by"]')).toHaveText(`${MODEL} v1`);

    // The Deployments sidebar counts the traffic.
    await wizard.getByRole('button', { name: 'Show in the Deployments sidebar' }).click();
    const sidebar = page.locator(`#${DEPLOYMENTS_ID}`);
    const deployment = sidebar.getByRole('region', { name: `Deployment ${DEPLOYMENT}` });
    await expect(deployment.locator('[data-field="state"]')).toHaveText('ready');
    await expect(deployment.getByRole('img', { name: 'Traffic: v1 100%' })).toBeVisible();
    const traffic = deployment.getByRole('table', { name: `Traffic of ${DEPLOYMENT}` });
    const primary = traffic.locator('[data-role="primary"][data-version="1"]');
    await expect(primary.locator('[data-field="percent"]')).toHaveText('100%');
    await expect(primary.locator('[data-field="requests"]')).toHaveText('3');
    await expect(primary.locator('[data-field="errors"]')).toHaveText('0');
    await expect(primary.locator('[data-field="p50"]')).toHaveText(/^\d+(\.\d+)? ms$/);
    await expect(primary.locator('[data-field="rate"]')).not.toHaveText('0.00/s');

    // Its events record who deployed it.
    await deployment.getByRole('button', { name: 'Events' }).click();
    await expect(deployment.getByRole('list', { name: `Events of ${DEPLOYMENT}` }).locator('[data-type="created"]')).toContainText(
      'ui-ml-service-engineer'
    );

    // Its monitoring dashboards open from the sidebar.
    await deployment.getByRole('button', { name: 'Dashboards' }).click();
    await expect(page.getByRole('region', { name: `Analyst dashboard of ${DEPLOYMENT}` })).toHaveAttribute('data-kind', 'analyst');
  });
});
