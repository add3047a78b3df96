/**
 * Draws one Vega-Lite spec with vega-embed, whose browser build (/dashboards/assets/vega-embed.min.js,
 * loaded before this script) sets the global vegaEmbed. Vega's expressions are evaluated by
 * vega-interpreter over their parsed syntax tree (ast: true), never compiled with the Function
 * constructor: the page's Content-Security-Policy has no 'unsafe-eval'.
 */
import type { default as embed, EmbedOptions, VisualizationSpec } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';

type VegaEmbed = typeof embed;

const OPTIONS: EmbedOptions = { actions: false, renderer: 'svg', ast: true, expr: expressionInterpreter };

function vegaEmbed(): VegaEmbed {
  const loaded = (globalThis as { vegaEmbed?: VegaEmbed }).vegaEmbed;
  if (typeof loaded !== 'function') throw new Error('vegaEmbed is not defined: /dashboards/assets/vega-embed.min.js did not load');
  return loaded;
}

export async function drawChart(container: HTMLElement, spec: Record<string, unknown>): Promise<void> {
  await vegaEmbed()(container, spec as VisualizationSpec, OPTIONS);
}
