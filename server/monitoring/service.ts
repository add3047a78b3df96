/**
 * Monitoring's story: service metrics, drift, training–serving skew, model decay from late labels,
 * alerts and dashboards. Each part is built here once per app; parts that watch predictions
 * subscribe to serving's prediction log (services.serving.predictions.onLogged), never to its store.
 */
import type { Services } from '../api/services';
import type { OwnerPort } from '../auth/owners';
import type { Config } from '../config';
import type { Logger } from '../platform/logging';
import type { MetricsRegistry } from '../platform/metrics';
import type { OutboundClient } from '../platform/outbound';
import type { DocumentStore } from '../platform/store/port';
import { AlertService } from './alerts/service';
import { MonitoringConfigService } from './config/config-service';
import { servingReadingsOf } from './config/serving-port';
import { DashboardService } from './dashboards/dashboard-service';
import { DecayService } from './decay/decay-service';
import { DriftService } from './drift/service';
import { registerJobMetrics } from './metrics/job-metrics';
import { SkewService } from './skew/service';

export interface MonitoringDependencies {
  config: Config;
  store: DocumentStore;
  logger: Logger;
  metrics: MetricsRegistry;
  /** The other domains' services (serving, registry, features, jobs), read lazily: they are built beside this one. */
  services: () => Services;
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
    this.alerts = new AlertService({ ...deps, intervalSeconds: deps.config.alertIntervalSeconds, now });
    registerJobMetrics(deps.metrics, () => deps.services().jobs);
    this.config = new MonitoringConfigService({ store: deps.store, services: deps.services, now });
    this.decay = new DecayService({ store: deps.store, services: deps.services, configs: this.config, logger: deps.logger, now });
    this.dashboards = new DashboardService({ store: deps.store, services: deps.services, configs: this.config, decay: this.decay, logger: deps.logger, now });
    this.drift = new DriftService({ store: deps.store, logger: deps.logger, now, registry: () => deps.services().registry, features: () => deps.services().features, predictions: () => servingReadingsOf(deps.services()), thresholdsOf: async (name) => (await this.config.effective(name))?.drift });
    this.skew = new SkewService({ services: deps.services, now });
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
