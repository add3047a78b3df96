/**
 * Draws a dashboard in a notebook cell's output: through tslab's display API when the code runs
 * in a tslab kernel, as plain text elsewhere (a job's log, a script). Node-only.
 */
import Module from 'node:module';
import path from 'node:path';
import { withFixedWidth } from './chart-width';
import { VEGA_LITE_MIME, type Dashboard } from './types';

/** What a dashboard is drawn through; tslab's `display` object is one. */
export interface CellDisplay {
  markdown(text: string): void;
  /** One display of a media type; JSON types take the object itself. */
  raw(contentType: string, data: unknown): void;
}

/** Each panel: its title and description as Markdown, then its chart (or why it has none). */
export function showDashboard(dashboard: Dashboard, display: CellDisplay): void {
  display.markdown(`## ${dashboard.title}\n${deploymentOf(dashboard)} · ${dashboard.from} → ${dashboard.to}`);
  for (const panel of dashboard.panels) {
    const heading = `### ${panel.title}${panel.description ? `\n${panel.description}` : ''}`;
    if (panel.empty) {
      display.markdown(`${heading}\n\n_${panel.empty}_`);
      continue;
    }
    display.markdown(heading);
    display.raw(VEGA_LITE_MIME, withFixedWidth(panel.spec, OUTPUT_CHART_WIDTH));
  }
}

/** The backend answers a null deployment while there is none yet. */
function deploymentOf(dashboard: Dashboard): string {
  return dashboard.deployment ?? 'no deployment yet';
}

/** The width a chart sized to its container gets in a cell output (see withFixedWidth). */
export const OUTPUT_CHART_WIDTH = 640;

/** Outside a kernel: the dashboard's panels as lines of text (their charts need a notebook). */
export function dashboardSummary(dashboard: Dashboard): string {
  const lines = [`${dashboard.title}: ${deploymentOf(dashboard)}, ${dashboard.from} → ${dashboard.to}`];
  for (const panel of dashboard.panels) {
    lines.push(`- ${panel.title}: ${panel.empty ?? 'a chart (shown in a notebook cell)'}`);
  }
  return lines.join('\n');
}

/**
 * tslab's display when this process is a tslab kernel that is running a cell, else null. The kernel
 * has loaded tslab's jupyter module (wherever its tslab lives); nothing is loaded when it has not.
 */
export function kernelDisplay(): CellDisplay | null {
  const cache = (Module as unknown as { _cache: Record<string, NodeModule | undefined> })._cache;
  const suffix = `${path.sep}tslab${path.sep}dist${path.sep}jupyter.js`;
  const jupyterPath = Object.keys(cache).find((loaded) => loaded.endsWith(suffix));
  if (!jupyterPath) return null;
  const jupyterModule = cache[jupyterPath];
  const jupyter = jupyterModule?.exports as { lastWriteDisplayData?: unknown } | undefined;
  if (!jupyterModule || typeof jupyter?.lastWriteDisplayData !== 'function') return null;
  // Loaded beside that module, so it writes through the kernel's own connection.
  const tslab = jupyterModule.require('./public.js') as { display?: CellDisplay };
  return tslab.display ?? null;
}
