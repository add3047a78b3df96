import { expect, galata, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import {
  adminClient,
  adminToken,
  AIRPORT_GROUP,
  AIRPORTS,
  backendUrl,
  createToken,
  DAYS,
  ensureAirportDelay7d,
  meanDelay
} from '../helpers/feature-data';

const PANEL_ID = 'mlportal-features';

/** JupyterLab's settings for these tests: galata's defaults plus the backend and a token. */
function settingsWithToken(token: string) {
  return { ...galata.DEFAULT_SETTINGS, 'mlportal:panel': { backendUrl: backendUrl(), token, pollIntervalSeconds: 0 } };
}

test.beforeAll(async () => {
  await ensureAirportDelay7d(adminClient());
});

/** Opens the sidebar and the airport group's page through a search. */
async function openAirportGroup(page: IJupyterLabPageFixture) {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await panel.getByRole('searchbox', { name: 'Search features' }).fill('delay');
  await panel.getByRole('searchbox', { name: 'Search features' }).press('Enter');
  const results = panel.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('button', { name: `${AIRPORT_GROUP}:mean_delay_7d`, exact: true })).toBeVisible();
  await results.getByRole('button', { name: AIRPORT_GROUP, exact: true }).click();
  const group = panel.getByRole('region', { name: `Feature group ${AIRPORT_GROUP}` });
  await expect(group.getByRole('img', { name: /^Histogram of mean_delay_7d: .* 9 values;/ })).toBeVisible();
  return { panel, group };
}

test.describe('Feature Discovery', () => {
  test.describe('as an admin', () => {
    test.use({ mockSettings: settingsWithToken(adminToken()), permissions: ['clipboard-read', 'clipboard-write'] });

    test('finds a group, shows its statistics, and inserts a training-set cell that runs in tslab', async ({ page }) => {
      const { panel, group } = await openAirportGroup(page);

      const stats = group.getByRole('table', { name: 'Statistics of mean_delay_7d' });
      await expect(stats.locator('[data-stat="count"] td')).toHaveText('9');
      await expect(stats.locator('[data-stat="max"] td')).toHaveText(String(meanDelay(2, 2)));
      await expect(group.getByRole('table', { name: 'Quantiles of mean_delay_7d' })).toBeVisible();

      await group.getByRole('checkbox', { name: `Select ${AIRPORT_GROUP}:mean_delay_7d` }).check();
      await group.getByRole('checkbox', { name: `Select ${AIRPORT_GROUP}:flights_7d` }).check();
      await expect(panel.getByRole('region', { name: 'Selected features' })).toContainText('2 features selected');

      await panel.locator('[data-command="mlportal:copy-feature-reference"]').click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(`${AIRPORT_GROUP}:mean_delay_7d\n${AIRPORT_GROUP}:flights_7d`);

      await page.notebook.createNew('features.ipynb', { kernel: 'tslab' });
      const insert = panel.locator('[data-command="mlportal:insert-feature-code"]', { hasText: 'Insert code' });
      await expect(insert).toBeEnabled();
      await insert.click();
      await expect.poll(() => page.notebook.getCellCount()).toBe(2);
      const source = await page.notebook.getCellTextInput(1);
      expect(source).toContain('await features.trainingSet({');
      expect(source).toContain(`{ origin: 'SFO', ts: '${DAYS[2]}' }`);

      await page.notebook.runCell(1);
      const output = (await page.notebook.getCellTextOutput(1))?.join('\n') ?? '';
      expect(output).toMatch(/training set \S+: 3 rows; columns origin, ts, mean_delay_7d, flights_7d/);
      // Each airport joined with its values of the last day, the latest at or before its timestamp.
      AIRPORTS.forEach((origin, airport) => {
        expect(output).toMatch(new RegExp(`origin: '${origin}'[^}]*mean_delay_7d: ${meanDelay(airport, 2)}\\b`));
      });
    });
  });

  test.describe('as the business role', () => {
    let businessToken = '';

    test.beforeAll(async () => {
      businessToken = await createToken(adminClient(), 'ui-business', ['business']);
    });

    test.use({ mockSettings: async ({}, use) => use(settingsWithToken(businessToken)) });

    test('sees the catalog and statistics, and is told rows are not visible to the role', async ({ page }) => {
      const { group } = await openAirportGroup(page);
      await expect(group.getByRole('note')).toContainText('Rows are not visible to the business role');
      await expect(group.getByRole('table', { name: 'Statistics of flights_7d' }).locator('[data-stat="count"] td')).toHaveText('9');
    });
  });
});
