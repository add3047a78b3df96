/** The product manager's dashboard: quality over time, p99 against the SLO, adoption per deployment, canary against champion. */
import type { Panel, QualityPoint } from '@mlportal/contract';
import { DAY_MS } from '../../decay/time-steps';
import { latencyQuantile } from '../latency-histogram';
import { category, dayBand, facets, quantity, time, view, type Row } from '../specs';
import { addTotals, byStep, emptyTotals, served, type TrafficTotals } from '../traffic-series';
import { NO_DEPLOYMENT, attempt, panel, round, stepFor, type PanelContext } from './context';

const NO_TRAFFIC = 'No predictions were served in this window yet.';

export async function productPanels(context: PanelContext): Promise<Panel[]> {
  return [await qualityOverTime(context), await latency(context), await adoption(context), await canaryAgainstChampion(context)];
}

async function qualityOverTime(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  let empty: string | undefined;
  if (!context.deployment) empty = NO_DEPLOYMENT;
  else {
    const name = context.deployment.name;
    const step = stepFor(context.from, context.to).label;
    const answer = await attempt(context, 'model quality', () =>
      context.decay.quality(name, { from: context.from.toISOString(), to: context.to.toISOString(), step })
    );
    if ('problem' in answer) empty = answer.problem;
    else {
      for (const point of answer.value.series) {
        for (const metric of ['accuracy', 'auc', 'logLoss', 'rmse', 'mae'] as const) {
          const value = point[metric];
          if (value !== undefined) rows.push({ start: point.start, metric, value: round(value), labelled: point.labelled });
        }
      }
      if (rows.length === 0) empty = 'No labelled predictions in this window yet: send ground truth with POST /api/v1/labels.';
    }
  }
  const spec = view(rows, {
    mark: { type: 'line', point: true },
    encoding: {
      x: time('start', 'predictions made'),
      y: quantity('value', 'value'),
      color: category('metric', 'metric'),
      tooltip: [time('start', 'from'), category('metric', 'metric'), quantity('value', 'value'), quantity('labelled', 'labelled')]
    }
  });
  return panel(
    'quality-over-time',
    'Model quality over time',
    'From late ground-truth labels, by when the predictions were made: accuracy, AUC and log loss (classification) or RMSE and MAE (regression).',
    spec,
    empty
  );
}

async function latency(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  let empty: string | undefined;
  const slo = context.config?.sloP99Ms ?? null;
  if (!context.deployment) empty = NO_DEPLOYMENT;
  else {
    const step = stepFor(context.from, context.to);
    const buckets = served(await context.traffic.between(context.from, context.to, context.deployment.name));
    for (const [start, totals] of byStep(buckets, step.ms).get('') ?? []) {
      const p99 = latencyQuantile(totals.latency, 0.99);
      if (p99 !== null) rows.push({ start: new Date(start).toISOString(), p99Ms: round(p99, 3), sloMs: slo, requests: totals.requests });
    }
    if (rows.length === 0) empty = NO_TRAFFIC;
  }
  const spec = view(rows, {
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: time('start', 'time'),
          y: quantity('p99Ms', 'p99 latency (ms)'),
          tooltip: [time('start', 'from'), quantity('p99Ms', 'p99 ms'), quantity('requests', 'requests')]
        }
      },
      { mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { y: quantity('sloMs', 'SLO (ms)', { aggregate: 'max' }) } }
    ]
  });
  const sloText = slo === null ? '' : ` against the SLO of ${slo} ms (dashed)`;
  return panel(
    'latency-p99',
    'p99 latency against the SLO',
    `The 99th percentile of served requests' latency per step${sloText}; read from a log-scale histogram, at most 5 % high.`,
    spec,
    empty
  );
}

async function adoption(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  const buckets = served(await context.traffic.between(context.from, context.to));
  for (const [deployment, steps] of byStep(buckets, DAY_MS, (b) => b.deployment)) {
    for (const [start, totals] of steps) rows.push({ day: new Date(start).toISOString(), deployment, requests: totals.requests });
  }
  const spec = view(rows, {
    mark: 'bar',
    encoding: {
      x: dayBand('day', 'day'),
      y: quantity('requests', 'predictions', { aggregate: 'sum' }),
      color: category('deployment', 'deployment'),
      tooltip: [
        time('day', 'day', 'utcyearmonthdate'),
        category('deployment', 'deployment'),
        quantity('requests', 'predictions', { aggregate: 'sum' })
      ]
    }
  });
  return panel(
    'adoption',
    'Adoption: predictions per day per deployment',
    'Rows predicted per day (UTC) by every deployment, shadow copies left out.',
    spec,
    rows.length === 0 ? NO_TRAFFIC : undefined
  );
}

async function canaryAgainstChampion(context: PanelContext): Promise<Panel> {
  const rows: Row[] = [];
  let empty: string | undefined;
  if (!context.deployment) empty = NO_DEPLOYMENT;
  else {
    const name = context.deployment.name;
    const buckets = await context.traffic.between(context.from, context.to, name);
    const quality = await attempt(context, 'model quality', () =>
      context.decay.quality(name, {
        from: context.from.toISOString(),
        to: context.to.toISOString(),
        step: stepFor(context.from, context.to).label
      })
    );
    const qualityOf = new Map<string, Omit<QualityPoint, 'start'>>(
      'value' in quality ? quality.value.byVersion.map((v) => [`${v.model}@${v.version}`, v.total]) : []
    );
    const roles = roleNames(context);
    const totalsByVersion = new Map<string, TrafficTotals>();
    for (const bucket of buckets) {
      const key = `${bucket.model}@${bucket.version}`;
      totalsByVersion.set(key, addTotals(totalsByVersion.get(key) ?? emptyTotals(), bucket));
    }
    for (const [key, totals] of totalsByVersion) {
      const version = `${key.replace('@', ' v')} (${roles.get(key) ?? 'retired'})`;
      rows.push({ version, metric: 'requests', value: totals.requests });
      const p99 = latencyQuantile(totals.latency, 0.99);
      if (p99 !== null) rows.push({ version, metric: 'p99 latency (ms)', value: round(p99, 3) });
      const measured = qualityOf.get(key);
      for (const metric of ['accuracy', 'auc', 'rmse', 'mae'] as const) {
        const value = measured?.[metric];
        if (value !== undefined) rows.push({ version, metric, value: round(value) });
      }
    }
    if (rows.length === 0) empty = NO_TRAFFIC;
  }
  const spec = facets(
    rows,
    { field: 'metric', type: 'nominal', title: null },
    {
      mark: 'bar',
      encoding: {
        x: category('version', 'version', { axis: { labelAngle: 0, labelLimit: 120 } }),
        y: quantity('value', null),
        color: category('version', 'version'),
        tooltip: [category('version', 'version'), category('metric', 'metric'), quantity('value', 'value')]
      }
    },
    { resolve: { scale: { y: 'independent' } } }
  );
  return panel(
    'canary-vs-champion',
    'Canary against champion',
    'Per version of the deployment over the window: predictions served, p99 latency and labelled quality.',
    spec,
    empty
  );
}

/** model@version → its role in the deployment's current traffic. */
function roleNames(context: PanelContext): Map<string, string> {
  const roles = new Map<string, string>();
  const deployment = context.deployment;
  if (!deployment) return roles;
  deployment.traffic.forEach((entry, i) =>
    roles.set(`${entry.model}@${entry.version}`, `${i === 0 ? 'champion' : 'canary'} ${entry.percent}%`)
  );
  if (deployment.shadow) roles.set(`${deployment.shadow.model}@${deployment.shadow.version}`, 'shadow');
  return roles;
}
