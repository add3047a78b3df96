/**
 * UI tests: galata against a real JupyterLab (with the built extension and the tslab kernel from
 * .venv) and a real mlportal backend, in Debian's headless Chromium. Run through `npm test -- ui`,
 * which prepares the settings, ports and token passed in the environment below.
 */
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- galata's base configuration is a CommonJS module without types
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests with \`npm test -- ui\``);
  return value;
}

const repoRoot = path.resolve(__dirname, '..');
const backendPort = required('MLPORTAL_UI_BACKEND_PORT');
const jupyterPort = required('MLPORTAL_UI_JUPYTER_PORT');
const token = required('MLPORTAL_UI_ADMIN_TOKEN');
const backendUrl = `http://127.0.0.1:${backendPort}`;
const jupyterUrl = `http://127.0.0.1:${jupyterPort}`;

module.exports = {
  ...baseConfig,
  testDir: './tests',
  outputDir: path.join(repoRoot, '.mlportal-test', 'ui', 'results'),
  reporter: [['list'], ['json']],
  workers: 1,
  retries: 0,
  // A .only would quietly turn every other test off: refused (npm test also scans the specs for it).
  forbidOnly: true,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  use: {
    ...baseConfig.use,
    baseURL: jupyterUrl,
    video: 'off',
    // Each test ends with a screenshot in its results folder, so every screen a test reached can be looked at.
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: required('MLPORTAL_CHROMIUM'),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic'
      ]
    }
  },
  webServer: [
    {
      command: `"${process.execPath}" server/build/main.js`,
      cwd: repoRoot,
      url: `${backendUrl}/api/v1/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: {
        MLPORTAL_PORT: backendPort,
        MLPORTAL_HOST: '127.0.0.1',
        MLPORTAL_DATA_DIR: required('MLPORTAL_UI_DATA_DIR'),
        MLPORTAL_ADMIN_TOKEN: token,
        MLPORTAL_CORS_ORIGINS: `${jupyterUrl},http://localhost:${jupyterPort}`
      }
    },
    {
      command: `"${path.join(repoRoot, '.venv', 'bin', 'jupyter')}" lab --config ui-tests/jupyter_server_test_config.py`,
      cwd: repoRoot,
      url: `${jupyterUrl}/lab`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        MLPORTAL_UI_JUPYTER_PORT: jupyterPort,
        JUPYTERLAB_SETTINGS_DIR: required('JUPYTERLAB_SETTINGS_DIR'),
        JUPYTERLAB_GALATA_ROOT_DIR: required('JUPYTERLAB_GALATA_ROOT_DIR'),
        MLPORTAL_URL: backendUrl,
        MLPORTAL_TOKEN: token,
        PATH: process.env.PATH ?? ''
      }
    }
  ]
};
