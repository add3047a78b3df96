/** The data analyst's dashboard: feature distributions reference against now, drift per feature over time, skew. */
import type { Panel } from '@mlportal/contract';
import { category, facets, quantity, time, view, type Row } from '../specs';
import { NO_DEPLOYMENT, attempt, panel, round, stepFor, type PanelContext } from './context';

export async function analystPanels(context: PanelContext): Promise<Panel[]> {
  return [await distributions(context), await driftOverTime(context), await skew(context)];
}

async function distributions(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  let empty: string | undefined;
  const read = context.drift.report;
  if (!context.deployment) empty = NO_DEPLOYMENT;
  else {
    const name = context.deployment.name;
    const answer = await attempt(context, 'feature distributions', () => read(name, span(context)));
    if ('problem' in answer) empty = answer.problem;
    else {
      for (const f of answer.value.features) {
        f.histogram.bins.forEach((bin, i) => {
          rows.push({ feature: f.feature, bin, order: i, source: 'reference', share: round(f.histogram.reference[i] ?? 0) });
          rows.push({ feature: f.feature, bin, order: i, source: 'now', share: round(f.histogram.current[i] ?? 0) });
        });
      }
      if (rows.length === 0) empty = 'No logged predictions with features in this window yet.';
    }
  }
  const spec = facets(
    rows,
    { field: 'feature', type: 'nominal', title: null },
    {
      mark: 'bar',
      encoding: {
        x: category('bin', 'bin', { sort: { field: 'order' }, axis: { labelLimit: 60 } }),
        xOffset: { field: 'source' },
        y: quantity('share', 'share of rows', { axis: { format: '%' } }),
        color: category('source', 'rows', { scale: { domain: ['reference', 'now'] } }),
        tooltip: [
          category('feature', 'feature'),
          category('bin', 'bin'),
          category('source', 'rows'),
          quantity('share', 'share', { format: '.1%' })
        ]
      }
    },
    { resolve: { scale: { x: 'independent', y: 'independent' } } }
  );
  return panel(
    'feature-distributions',
    'Feature distributions: reference against now',
    "Each feature's share of rows per bin: the training set (reference) against the logged predictions in the window.",
    spec,
    empty
  );
}

async function driftOverTime(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  let empty: string | undefined;
  const read = context.drift.history;
  if (!context.deployment) empty = NO_DEPLOYMENT;
  else {
    const name = context.deployment.name;
    const answer = await attempt(context, 'drift history', () =>
      read(name, { ...span(context), step: stepFor(context.from, context.to).label })
    );
    if ('problem' in answer) empty = answer.problem;
    else {
      for (const step of answer.value.steps) {
        for (const [feature, reading] of Object.entries(step.features)) {
          rows.push({
            start: step.start,
            feature,
            score: round(reading.score),
            psi: round(reading.psi),
            drifted: reading.drifted,
            rows: step.rows
          });
        }
      }
      if (rows.length === 0) empty = 'No drift measured in this window yet.';
    }
  }
  const spec = view(rows, {
    mark: { type: 'line', point: true },
    encoding: {
      x: time('start', 'time'),
      y: quantity('score', 'drift score'),
      color: category('feature', 'feature'),
      tooltip: [
        time('start', 'from'),
        category('feature', 'feature'),
        quantity('score', 'score'),
        quantity('psi', 'PSI'),
        category('drifted', 'drifted'),
        quantity('rows', 'rows')
      ]
    }
  });
  return panel(
    'drift-over-time',
    'Drift per feature over time',
    'The drift score of each feature per step (KS / chi-square p-value based, or Wasserstein / Jensen–Shannon), with PSI in the tooltip.',
    spec,
    empty
  );
}

async function skew(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  let empty: string | undefined;
  const read = context.drift.skew;
  if (!context.deployment) empty = NO_DEPLOYMENT;
  else {
    const name = context.deployment.name;
    const answer = await attempt(context, 'training–serving skew', () => read(name, span(context)));
    if ('problem' in answer) empty = answer.problem;
    else {
      for (const f of answer.value.features) {
        rows.push({
          feature: f.feature,
          mismatchShare: round(f.mismatchShare),
          mismatches: f.mismatches,
          compared: f.compared,
          meanAbsDifference: f.meanAbsDifference === null ? null : round(f.meanAbsDifference)
        });
      }
      if (rows.length === 0) empty = 'No predictions with entity keys in this window to compare with the offline store.';
    }
  }
  const spec = view(rows, {
    mark: 'bar',
    encoding: {
      x: category('feature', 'feature'),
      y: quantity('mismatchShare', 'share of values that differ', { axis: { format: '%' }, scale: { domain: [0, 1] } }),
      tooltip: [
        category('feature', 'feature'),
        quantity('mismatches', 'mismatches'),
        quantity('compared', 'compared'),
        quantity('meanAbsDifference', 'mean |difference|')
      ]
    }
  });
  return panel(
    'skew',
    'Training–serving skew',
    'Served feature values against the offline store’s point-in-time values for the same entity and time.',
    spec,
    empty
  );
}

function span(context: PanelContext): { from: string; to: string } {
  return { from: context.from.toISOString(), to: context.to.toISOString() };
}
