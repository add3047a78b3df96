/**
 * The standalone read-only dashboard page (/dashboards/:kind), bundled by esbuild into
 * /dashboards/assets/dashboard.js (../page-script.ts). It takes the token from the URL fragment or
 * its form, fetches the dashboard JSON with it, and draws each panel with vega-embed. Its one control
 * is the deployment picker. A later load (a new token, another deployment) supersedes an earlier one
 * still in flight.
 */
import type { Dashboard } from '@mlportal/contract';
import { ApiError, api } from './api';
import { carryQueryToLinks, chooseDeployment, chosenDeployment, fillPicker, type DeploymentList } from './deployments';
import { pageElements } from './elements';
import { renderDashboard } from './panels';
import { say, setState } from './status';
import { forgetToken, keepToken, readToken, takeTokenFromFragment } from './token';

const page = pageElements();
const kind = page.body.getAttribute('data-kind') ?? '';
let generation = 0;

function askForToken(text: string): void {
  forgetToken();
  page.form.hidden = false;
  page.panels.textContent = '';
  say(page.message, text, text ? 'error' : 'info');
  setState(page.body, 'needs-token');
}

async function load(): Promise<void> {
  const mine = ++generation;
  if (!readToken()) return askForToken('');
  page.form.hidden = true;
  say(page.message, '', 'info');
  setState(page.body, 'loading');
  const deployment = chosenDeployment();
  const query = deployment ? `?deployment=${encodeURIComponent(deployment)}` : '';
  try {
    const [dashboard, list] = await Promise.all([
      api<Dashboard>(`/api/v1/dashboards/${kind}${query}`),
      api<DeploymentList>('/api/v1/deployments').catch((): Partial<DeploymentList> => ({ deployments: [] }))
    ]);
    if (mine !== generation) return;
    fillPicker(page, list.deployments ?? [], dashboard.deployment);
    await renderDashboard(page, dashboard);
    if (mine === generation) setState(page.body, 'ready');
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof ApiError && error.status === 401) return askForToken(`That token was not accepted: ${error.message}`);
    say(page.message, error instanceof Error ? error.message : String(error), 'error');
    setState(page.body, 'error');
  }
}

page.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = page.tokenInput.value.trim();
  if (!value) return;
  keepToken(value);
  page.tokenInput.value = '';
  void load();
});

page.select.addEventListener('change', () => {
  chooseDeployment(page.select.value);
  void load();
});

takeTokenFromFragment();
if (chosenDeployment()) carryQueryToLinks(window.location.search);
void load();
