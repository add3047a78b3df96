import { MimeModel, type IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import { PanelLayout, Widget } from '@lumino/widgets';
import { specDataRows, VEGA_LITE_MIME, withFixedWidth, type DashboardPanel } from '@mlportal/sdk/core';

/** A panel of a dashboard, and how to draw its chart once the section is on the page (it sizes itself to it). */
export interface IRenderedSection {
  widget: Widget;
  /** Resolves once the chart is drawn, or failed to be. */
  draw(): Promise<void>;
}

let sectionCount = 0;

/**
 * One panel as a <section data-panel="id">: its title, description, and its chart drawn by
 * JupyterLab's own Vega-Lite renderer (from the rendermime registry), or why it has none.
 * data-state says "ready", "empty" or "error"; data-rows how many rows of data the chart holds.
 */
export function renderSection(panel: DashboardPanel, rendermime: IRenderMimeRegistry, trans: TranslationBundle): IRenderedSection {
  const section = new Widget({ node: document.createElement('section') });
  const layout = new PanelLayout();
  section.layout = layout;
  section.addClass('jp-mlportal-dashboard-panel');
  const headingId = `jp-mlportal-dashboard-panel-${++sectionCount}`;
  section.node.dataset.panel = panel.id;
  section.node.dataset.rows = String(specDataRows(panel.spec));
  section.node.setAttribute('aria-labelledby', headingId);

  const header = new Widget();
  header.addClass('jp-mlportal-dashboard-panel-header');
  const title = document.createElement('h3');
  title.id = headingId;
  title.textContent = panel.title;
  header.node.appendChild(title);
  if (panel.description) {
    const description = document.createElement('p');
    description.textContent = panel.description;
    header.node.appendChild(description);
  }
  layout.addWidget(header);

  if (panel.empty) {
    section.node.dataset.state = 'empty';
    layout.addWidget(message('jp-mlportal-dashboard-empty', panel.empty));
    return { widget: section, draw: () => Promise.resolve() };
  }
  if (!rendermime.mimeTypes.includes(VEGA_LITE_MIME)) {
    section.node.dataset.state = 'error';
    layout.addWidget(
      message('jp-mlportal-problem', trans.__('This JupyterLab has no Vega-Lite renderer (%1 is disabled).', '@jupyterlab/vega5-extension'))
    );
    return { widget: section, draw: () => Promise.resolve() };
  }
  const renderer = rendermime.createRenderer(VEGA_LITE_MIME);
  renderer.addClass('jp-mlportal-dashboard-chart');
  layout.addWidget(renderer);
  section.node.dataset.state = 'drawing';
  // Drawn at the width the section has on the page (see withFixedWidth).
  const draw = () =>
    renderer
      .renderModel(
        new MimeModel({ data: { [VEGA_LITE_MIME]: withFixedWidth(panel.spec, chartWidth(section.node)) as ReadonlyJSONObject } })
      )
      .then(
        () => {
          section.node.dataset.state = 'ready';
        },
        (error: unknown) => {
          section.node.dataset.state = 'error';
          layout.addWidget(
            message(
              'jp-mlportal-problem',
              trans.__('The chart could not be drawn: %1', error instanceof Error ? error.message : String(error))
            )
          );
        }
      );
  return { widget: section, draw };
}

/** The section's inner width, less room for the chart's axis labels and legend. */
function chartWidth(section: HTMLElement): number {
  return Math.max(280, Math.floor(section.clientWidth) - 160);
}

function message(className: string, text: string): Widget {
  const widget = new Widget({ node: document.createElement('p') });
  widget.addClass(className);
  widget.node.textContent = text;
  return widget;
}
