/**
 * Renders a dashboard: its title and time window, then one <section data-panel> per panel, with
 * either the reason it is empty or its chart (data-rendered="true" once drawn).
 */
import type { Dashboard, Panel } from '@mlportal/contract';
import { drawChart } from './charts';
import type { PageElements } from './elements';

interface Built {
  section: HTMLElement;
  draw(): Promise<void>;
}

function panelSection(panel: Panel): Built {
  const section = document.createElement('section');
  section.setAttribute('data-panel', panel.id);
  const title = document.createElement('h2');
  title.textContent = panel.title;
  const description = document.createElement('p');
  description.className = 'description';
  description.textContent = panel.description;
  section.appendChild(title);
  section.appendChild(description);
  if (panel.empty) {
    section.setAttribute('data-empty', 'true');
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = panel.empty;
    section.appendChild(empty);
    return { section, draw: () => Promise.resolve() };
  }
  const chart = document.createElement('div');
  chart.className = 'chart';
  section.appendChild(chart);
  return {
    section,
    draw: async () => {
      await drawChart(chart, panel.spec);
      section.setAttribute('data-rendered', 'true');
    }
  };
}

/** "2024-05-01 00:00" from an ISO timestamp (the dashboards' times are UTC). */
function minute(timestamp: string): string {
  return timestamp.slice(0, 16).replace('T', ' ');
}

/** Resolves once every chart is drawn; rejects with the first chart that failed. */
export function renderDashboard(page: Pick<PageElements, 'title' | 'window' | 'panels'>, dashboard: Dashboard): Promise<unknown> {
  page.title.textContent = dashboard.title;
  page.window.textContent = `${dashboard.deployment ? `${dashboard.deployment} · ` : ''}${minute(dashboard.from)} – ${minute(dashboard.to)} UTC`;
  page.panels.textContent = '';
  const built = dashboard.panels.map(panelSection);
  for (const b of built) page.panels.appendChild(b.section);
  return Promise.all(built.map((b) => b.draw()));
}
