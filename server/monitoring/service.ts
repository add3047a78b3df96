/**
 * Monitoring's story: service metrics, drift, training–serving skew, model decay from late labels,
 * alerts and dashboards. Each part is built here once per app, given its siblings and the slice of
 * the neighbours port (neighbours.ts) it uses; parts that watch predictions subscribe to serving's
 * prediction log (neighbours.serving.onLogged), never to its store.
 */
import type { OwnerPort } from '../auth/owners';
import type { Config } from '../config';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import type { OutboundClient } from '../platform/outbound';
import type { DocumentStore } from '../platform/store/port';
import { AlertService } from './alerts/service';
import { MonitoringConfigService } from './config/config-service';
import { DashboardService } from './dashboards/dashboard-service';
import { DecayService } from './decay/decay-service';
import { DriftService } from './drift/service';
import { registerJobMetrics } from './metrics/job-metrics';
import type { MonitoringNeighbours } from './neighbours';
import { SkewService } from './skew/service';

export interface MonitoringDependencies {
  config: Config;
  store: DocumentStore;
  logger: Logger;
  metrics: MetricsRegistry;
  /** What monitoring asks of serving, the registry, the feature store and jobs. */
  neighbours: MonitoringNeighbours;
  /** Alert webhooks go out through it. */
  outbound: OutboundClient;
  /** Alert rules act as their owner while the owner's token is valid. */
  owners: OwnerPort;
  now?: () => Date;
}

export class MonitoringService {
  readonly alerts: AlertService;
  readonly drift: DriftService;
  readonly skew: SkewService;
  readonly config: MonitoringConfigService;
  readonly decay: DecayService;
  readonly dashboards: DashboardService;

  constructor(deps: MonitoringDependencies) {
    const now = deps.now ?? (() => new Date());
    const { neighbours, store, logger } = deps;
    registerJobMetrics(deps.metrics, neighbours);
    this.config = new MonitoringConfigService({ store, neighbours, now });
    this.decay = new DecayService({ store, serving: neighbours.serving, configs: this.config, logger, now });
    this.drift = new DriftService({
      store,
      logger,
      now,
      neighbours,
      thresholdsOf: async (name) => (await this.config.effective(name))?.drift
    });
    this.skew = new SkewService({ neighbours, now });
    this.dashboards = new DashboardService({
      store,
      serving: neighbours.serving,
      drift: this.drift,
      skew: this.skew,
      configs: this.config,
      decay: this.decay,
      logger,
      now
    });
    this.alerts = new AlertService({
      store,
      metrics: deps.metrics,
      logger,
      sources: { serving: neighbours.serving, drift: this.drift, decay: this.decay },
      jobs: neighbours,
      intervalSeconds: deps.config.alertIntervalSeconds,
      now,
      outbound: deps.outbound,
      owners: deps.owners
    });
  }

  /** Before the first request: subscriptions, timers, store indexes. */
  async prepare(): Promise<void> {
    await this.alerts.prepare();
    await this.drift.prepare();
    await this.decay.prepare();
    await this.dashboards.prepare();
  }

  /** At shutdown, before the store closes: timers stopped, pending sketches written. */
  async close(): Promise<void> {
    await this.alerts.close();
    await this.drift.close();
    await this.decay.close();
    await this.dashboards.close();
  }
}
