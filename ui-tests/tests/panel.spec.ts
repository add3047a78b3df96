import { expect, galata, test } from '@jupyterlab/galata';

const PANEL_ID = 'mlportal-panel';

test.describe('ML Portal panel', () => {
  test.describe('with the settings npm test wrote to disk, as npm start does', () => {
    // Not mocked: JupyterLab reads the panel's settings from JUPYTERLAB_SETTINGS_DIR.
    test.use({ mockSettings: false });

    test('loads with JupyterLab and shows the connected backend', async ({ page }) => {
      await page.sidebar.openTab(PANEL_ID);
      const panel = page.locator(`#${PANEL_ID}`);
      const status = panel.getByRole('status');
      await expect(status).toHaveAttribute('data-state', 'connected');
      await expect(status).toContainText('Connected');
      await expect(panel).toContainText('sqlite');
      await expect(panel).toContainText('admin');
    });
  });

  test.describe('with a token the backend does not know', () => {
    // Mocked settings replace those on disk for these tests only.
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        'mlportal:panel': {
          backendUrl: `http://127.0.0.1:${process.env.MLPORTAL_UI_BACKEND_PORT}`,
          token: 'mlp_not-a-token-the-backend-issued'
        }
      }
    });

    test('says the token was refused', async ({ page }) => {
      await page.sidebar.openTab(PANEL_ID);
      const status = page.locator(`#${PANEL_ID}`).getByRole('status');
      await expect(status).toHaveAttribute('data-state', 'unauthorized');
    });
  });
});
