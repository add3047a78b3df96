/**
 * The page's one control, the deployment picker, and the ?deployment= it writes: the nav links to
 * the other dashboards carry it along.
 */
import type { DeploymentListSchema } from '@mlportal/contract';
import type { z } from 'zod';
import type { PageElements } from './elements';

export type DeploymentList = z.output<typeof DeploymentListSchema>;

export function chosenDeployment(): string | null {
  return new URLSearchParams(window.location.search).get('deployment');
}

export function fillPicker(
  page: Pick<PageElements, 'picker' | 'select'>,
  deployments: ReadonlyArray<{ name: string }>,
  current: string | null
): void {
  page.select.textContent = '';
  for (const d of deployments) {
    const option = document.createElement('option');
    option.value = d.name;
    option.textContent = d.name;
    if (d.name === current) option.selected = true;
    page.select.appendChild(option);
  }
  page.picker.hidden = deployments.length === 0;
}

/** Sets the query (with its "?") on every link to another dashboard. */
export function carryQueryToLinks(search: string): void {
  document.querySelectorAll<HTMLAnchorElement>('a[data-kind-link]').forEach((link) => {
    link.search = search;
  });
}

/** Picks a deployment: into the address bar (no new history entry) and the links. */
export function chooseDeployment(name: string): void {
  const params = new URLSearchParams(window.location.search);
  params.set('deployment', name);
  history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
  carryQueryToLinks(`?${params.toString()}`);
}
