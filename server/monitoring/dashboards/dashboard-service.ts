/**
 * The analyst, product and business dashboards: panels of Vega-Lite specs with their data inline,
 * built from the drift and skew parts, the decay part's quality, serving's deployments and the
 * traffic this service counts from the prediction stream (requests, KPI, latency per hour).
 */
import type { Logger } from '../../platform/logging';
import type { DocumentStore } from '../../platform/store/port';
import type { MonitoringConfigService } from '../config/config-service';
import type { Deployment, Kpi, LoggedPrediction, ServingReadings } from '../config/serving-port';
import type { DecayService } from '../decay/decay-service';
import { SerialWork } from '../decay/serial-work';
import { DAY_MS, windowOf } from '../decay/time-steps';
import type { DriftService } from '../drift/service';
import type { SkewService } from '../skew/service';
import { driftReadingsOf, type DriftReadings } from './drift-source';
import { analystPanels } from './panels/analyst';
import { businessPanels } from './panels/business';
import type { PanelContext } from './panels/context';
import { productPanels } from './panels/product';
import type { Dashboard, DashboardKind, DashboardQuery, Panel } from '@mlportal/contract';
import { TrafficStore } from './traffic-store';

const KPI_CACHE_MS = 5_000;

const TITLES: Record<DashboardKind, string> = {
  analyst: 'Data analyst: feature drift and skew',
  product: 'Product: quality, latency, adoption and canary',
  business: 'Business: prediction volume and outcome'
};

const BUILDERS: Record<DashboardKind, (context: PanelContext) => Promise<Panel[]>> = {
  analyst: analystPanels,
  product: productPanels,
  business: businessPanels
};

export interface DashboardDependencies {
  store: DocumentStore;
  serving: ServingReadings;
  drift: DriftService;
  skew: SkewService;
  configs: MonitoringConfigService;
  decay: DecayService;
  logger: Logger;
  now: () => Date;
}

export class DashboardService {
  readonly traffic: TrafficStore;
  private readonly counting = new SerialWork();
  private readonly kpis = new Map<string, { kpi: Promise<Kpi | null>; until: number }>();
  private readonly driftReadings: DriftReadings;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: DashboardDependencies) {
    this.traffic = new TrafficStore(deps.store);
    this.driftReadings = driftReadingsOf(deps.drift, deps.skew);
  }

  async prepare(): Promise<void> {
    await this.traffic.prepare();
    this.unsubscribe = this.deps.serving.onLogged((batch) => {
      this.counting
        .run(() => this.count(batch))
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not count logged predictions for the dashboards'));
    });
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.counting.drained();
  }

  /** Waits until the predictions logged so far are counted (tests, and a dashboard right after traffic). */
  counted(): Promise<void> {
    return this.counting.drained();
  }

  /** A named deployment that does not exist → 404; none named → the first by name (null when there is none). */
  async build(kind: DashboardKind, query: DashboardQuery): Promise<Dashboard> {
    const now = this.deps.now();
    const { from, to } = windowOf(query, now, 7 * DAY_MS);
    const deployment = await this.pick(query.deployment);
    const context: PanelContext = {
      deployment,
      config: deployment ? await this.deps.configs.get(deployment.name) : null,
      from,
      to,
      drift: this.driftReadings,
      decay: this.deps.decay,
      traffic: this.traffic,
      logger: this.deps.logger
    };
    return {
      kind,
      title: TITLES[kind],
      deployment: deployment?.name ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: now.toISOString(),
      panels: await BUILDERS[kind](context)
    };
  }

  private async pick(name: string | undefined): Promise<Deployment | null> {
    if (name !== undefined) return this.deps.serving.deployment(name);
    const all = await this.deps.serving.deployments();
    return [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0] ?? null;
  }

  private async count(batch: LoggedPrediction[]): Promise<void> {
    const byDeployment = new Map<string, LoggedPrediction[]>();
    for (const row of batch) byDeployment.set(row.deployment, [...(byDeployment.get(row.deployment) ?? []), row]);
    for (const [deployment, rows] of byDeployment) await this.traffic.count(rows, await this.kpiOf(deployment));
  }

  /** The deployment's KPI as it is now (cached a few seconds: the stream asks several times a second). */
  private kpiOf(deployment: string): Promise<Kpi | null> {
    const now = Date.now();
    const cached = this.kpis.get(deployment);
    if (cached && cached.until > now) return cached.kpi;
    const kpi = this.deps.serving.deployment(deployment).then(
      (d) => d.kpi,
      () => null
    );
    this.kpis.set(deployment, { kpi, until: now + KPI_CACHE_MS });
    return kpi;
  }
}
