// JupyterLab user settings for the ML Portal panel: where the backend is and the token to use.
// They live in a settings directory of the project's own (JUPYTERLAB_SETTINGS_DIR), never in a notebook.
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';

export function labSettingsDir(dataDir) {
  return path.join(dataDir, 'jupyter', 'user-settings');
}

export function writePanelSettings(settingsDir, { backendUrl, token }) {
  const dir = path.join(settingsDir, 'mlportal');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'panel.jupyterlab-settings');
  writeFileSync(file, JSON.stringify({ backendUrl, token }, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
