/** The business dashboard: prediction volume per day and the deployment's outcome KPI with its trend. */
import { DAY_MS } from '../../decay/time-steps';
import type { Panel } from '@mlportal/contract';
import { dayBand, quantity, time, view, type Row } from '../specs';
import { byStep, served } from '../traffic-series';
import { NO_DEPLOYMENT, panel, round, type PanelContext } from './context';

export async function businessPanels(context: PanelContext): Promise<Panel[]> {
  const days = context.deployment
    ? byStep(served(await context.traffic.between(context.from, context.to, context.deployment.name)), DAY_MS).get('')
    : undefined;
  return [volume(context, days), kpi(context, days)];
}

type Days = Map<number, { requests: number; kpiEvaluated: number; kpiCounted: number }> | undefined;

function volume(context: PanelContext, days: Days): Panel {
  const rows: Row[] = [...(days ?? [])].map(([start, totals]) => ({ day: new Date(start).toISOString(), predictions: totals.requests }));
  const empty = !context.deployment ? NO_DEPLOYMENT : rows.length === 0 ? 'No predictions were served in this window yet.' : undefined;
  const spec = view(rows, {
    mark: 'bar',
    encoding: {
      x: dayBand('day', 'day'),
      y: quantity('predictions', 'predictions'),
      tooltip: [time('day', 'day', 'utcyearmonthdate'), quantity('predictions', 'predictions')]
    }
  });
  return panel('prediction-volume', 'Prediction volume per day', 'Predictions served per day (UTC).', spec, empty);
}

function kpi(context: PanelContext, days: Days): Panel {
  const deployment = context.deployment;
  const definition = deployment?.kpi ?? null;
  const points = [...(days ?? [])]
    .filter(([, t]) => t.kpiEvaluated > 0)
    .map(([start, t]) => ({ start, share: t.kpiCounted / t.kpiEvaluated, counted: t.kpiCounted, predictions: t.kpiEvaluated }));
  const trend = trendOf(points.map((p) => [(p.start - (points[0]?.start ?? 0)) / DAY_MS, p.share]));
  const rows: Row[] = points.map((p, i) => ({
    day: new Date(p.start).toISOString(),
    share: round(p.share),
    counted: p.counted,
    predictions: p.predictions,
    trend: trend ? round(trend.intercept + trend.slope * ((p.start - points[0].start) / DAY_MS)) : round(points[i].share)
  }));
  let empty: string | undefined;
  if (!deployment) empty = NO_DEPLOYMENT;
  else if (!definition)
    empty = `No outcome KPI is configured for ${deployment.name}: set one (kpi: label, output, op, value) on the deployment.`;
  else if (rows.length === 0) empty = 'No predictions were served in this window since the KPI was configured.';
  const title = definition ? `Outcome KPI: ${definition.label}` : 'Outcome KPI';
  const rule = definition
    ? `a prediction counts when ${definition.output} ${definition.op} ${definition.value}`
    : 'the share of predictions that count';
  const trendText = trend ? ` Trend: ${signed(trend.slope * 100)} points a day over ${rows.length} days (least squares).` : '';
  const spec = view(rows, {
    encoding: { x: time('day', 'day', 'utcyearmonthdate') },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: quantity('share', 'share of predictions', { axis: { format: '%' } }),
          tooltip: [
            time('day', 'day', 'utcyearmonthdate'),
            quantity('share', 'share', { format: '.1%' }),
            quantity('counted', 'counted'),
            quantity('predictions', 'predictions')
          ]
        }
      },
      { mark: { type: 'line', strokeDash: [6, 4], color: '#888' }, encoding: { y: quantity('trend', 'trend') } }
    ]
  });
  return panel(
    'kpi',
    title,
    `Per day, the share of predictions that count (${rule}), with its linear trend (dashed).${trendText}`,
    spec,
    empty
  );
}

/** Least-squares line through (x, y); null with fewer than two points. */
export function trendOf(points: Array<[number, number]>): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
}
