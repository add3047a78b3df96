/**
 * The serving engine: deployments' routing over the inference pool. It loads the versions a
 * deployment names (once per version, shared between deployments), draws a version per request
 * from the traffic split, runs a shadow copy after the caller has its answer, numbers every
 * predicted row, and keeps live per-version figures (last 60 s) and Prometheus metrics.
 * It stores nothing: the deployment service owns what is deployed and re-applies it after a restart.
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '../../platform/errors';
import type { Signature } from '@mlportal/contract';
import { InvalidInputError, PoolClosedError } from '../runtime/errors';
import type { InferencePool } from '../runtime/pool';
import { prepareFeeds } from '../runtime/tensors';
import type { Feeds, Outputs, WireFeeds } from '../runtime/types';
import { DeploymentNotFoundError, VersionNotInDeploymentError } from './errors';
import { readFeatureNames } from './feature-names';
import { engineMetrics, type EngineMetrics } from './metrics';
import { newRequestId, predictionIdsFor } from './prediction-ids';
import { checkSpec, drawEntry, versionKey } from './routing';
import type {
  DeploymentStats,
  EngineDeps,
  InferRequest,
  InferResult,
  ModelMetadata,
  Role,
  RoutingSpec,
  ServedRequest,
  VersionRef,
  VersionStats
} from './types';
import { WindowStats } from './window-stats';

/** Shadow copies beyond this many running at once are dropped (and counted): a shadow must never pile up behind live traffic. */
const MAX_SHADOWS_IN_FLIGHT = 256;

interface LoadedVersion {
  ref: VersionRef;
  key: string;
  signature: Signature;
  featureNames: string[] | null;
}

interface Route {
  version: LoadedVersion;
  role: Role;
  percent: number;
  stats: WindowStats;
}

interface ActiveDeployment {
  spec: RoutingSpec;
  traffic: Route[];
  shadow: Route | null;
}

export class ServingEngine {
  private readonly deployments = new Map<string, ActiveDeployment>();
  private readonly versions = new Map<string, LoadedVersion>();
  private readonly shadows = new Set<Promise<void>>();
  private readonly metrics: EngineMetrics;
  private readonly random: () => number;
  private readonly now: () => number;
  private startedPool: Promise<InferencePool> | undefined;
  /** apply and remove run one at a time: each sees the routing the previous one left. */
  private changes: Promise<unknown> = Promise.resolve();
  /** Set when close() begins: no new shadow copies; those running finish before the pool closes. */
  private closing = false;
  private closed = false;

  constructor(private readonly deps: EngineDeps) {
    this.metrics = engineMetrics(deps.metrics);
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
  }

  /**
   * Loads the versions the spec names that are not loaded yet, then switches the deployment to the
   * spec. When a version does not load (InvalidModelError, 422, or the bytes cannot be had) the
   * error is thrown and the deployment keeps its old routing. Answers each version's signature.
   */
  apply(spec: RoutingSpec): Promise<Map<string, Signature>> {
    return this.serialized(() => this.applyNow(spec));
  }

  /** Stops serving the deployment; versions no other deployment uses are unloaded. Unknown names are ignored. */
  remove(name: string): Promise<void> {
    return this.serialized(async () => {
      if (!this.deployments.delete(name)) return;
      await this.unloadUnused();
    });
  }

  async infer(name: string, request: InferRequest): Promise<InferResult> {
    const active = this.active(name);
    const route =
      request.version === undefined
        ? active.traffic[drawEntry(active.spec.traffic, this.random()).index]
        : this.addressed(active, request.version);
    const requestId = request.requestId ?? newRequestId();
    const served = await this.run(active.spec.name, route, request, requestId, request.feeds);
    if (active.shadow) this.startShadow(active.spec.name, active.shadow, request, requestId);
    return {
      model: served.model,
      version: served.version,
      role: route.role as 'primary' | 'canary',
      outputs: served.outputs,
      predictionIds: served.predictionIds,
      latencyMs: served.latencyMs
    };
  }

  metadata(name: string, version?: number): ModelMetadata {
    const active = this.active(name);
    const route = version === undefined ? active.traffic[0] : this.addressed(active, version);
    const { ref, signature, featureNames } = route.version;
    return {
      name,
      versions: active.traffic.map((entry) => String(entry.version.ref.version)),
      platform: 'onnxruntime_onnx',
      model: ref.model,
      version: ref.version,
      inputs: signature.inputs,
      outputs: signature.outputs,
      featureNames
    };
  }

  /** True when the deployment (or that version of it) can answer now. Unknown names are not ready, never an error. */
  isReady(name: string, version?: number): boolean {
    const active = this.deployments.get(name);
    if (!active || this.closed) return false;
    const routes = version === undefined ? active.traffic : active.traffic.filter((route) => route.version.ref.version === version);
    return routes.length > 0 && routes.every((route) => this.versions.has(route.version.key));
  }

  /** The names of the deployments being served. */
  served(): string[] {
    return [...this.deployments.keys()];
  }

  featureNames(ref: VersionRef): string[] | null {
    return this.versions.get(versionKey(ref))?.featureNames ?? null;
  }

  stats(name: string): DeploymentStats {
    const active = this.active(name);
    const routes = [...active.traffic, ...(active.shadow ? [active.shadow] : [])];
    const versions: VersionStats[] = routes.map((route) => ({
      model: route.version.ref.model,
      version: route.version.ref.version,
      role: route.role,
      percent: route.percent,
      ...route.stats.figures()
    }));
    return { deployment: name, versions, windowSeconds: 60 };
  }

  /** Waits for running shadow copies, then closes the pool the engine started; requests after this fail with 503. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.changes.catch(() => undefined);
    await Promise.allSettled([...this.shadows]);
    this.closed = true;
    this.deployments.clear();
    this.versions.clear();
    const pool = this.startedPool;
    this.startedPool = undefined;
    if (pool) await (await pool.catch(() => undefined))?.close();
  }

  // ------------------------------------------------------------------ routing changes

  private serialized<T>(change: () => Promise<T>): Promise<T> {
    const next = this.changes.then(change, change);
    this.changes = next.catch(() => undefined);
    return next;
  }

  private async applyNow(spec: RoutingSpec): Promise<Map<string, Signature>> {
    if (this.closing) throw new PoolClosedError();
    checkSpec(spec);
    const pool = await this.pool();
    const refs = [...spec.traffic.map(({ model, version }) => ({ model, version })), ...(spec.shadow ? [spec.shadow] : [])];
    const loads = await Promise.allSettled(refs.map((ref) => this.load(pool, ref, spec)));
    const refused = loads.find((load): load is PromiseRejectedResult => load.status === 'rejected');
    if (refused) {
      await this.unloadUnused();
      throw refused.reason;
    }
    const loaded = (loads as Array<PromiseFulfilledResult<LoadedVersion>>).map((load) => load.value);
    const previous = this.deployments.get(spec.name);
    // A version keeps its live figures across a change that keeps it in the same role (a canary's share changing, say).
    const statsFor = (key: string, role: Role): WindowStats => {
      const earlier =
        previous &&
        [...previous.traffic, ...(previous.shadow ? [previous.shadow] : [])].find(
          (route) => route.version.key === key && route.role === role
        );
      return earlier?.stats ?? new WindowStats(this.now);
    };
    const traffic = spec.traffic.map((entry, index): Route => {
      const role: Role = index === 0 ? 'primary' : 'canary';
      return { version: loaded[index], role, percent: entry.percent, stats: statsFor(loaded[index].key, role) };
    });
    const shadowVersion = spec.shadow ? loaded[spec.traffic.length] : null;
    const shadow = shadowVersion
      ? { version: shadowVersion, role: 'shadow' as const, percent: 0, stats: statsFor(shadowVersion.key, 'shadow') }
      : null;
    this.deployments.set(spec.name, { spec: structuredClone(spec), traffic, shadow });
    await this.unloadUnused();
    return new Map(loaded.map((version) => [version.key, version.signature]));
  }

  private async load(pool: InferencePool, ref: VersionRef, spec: RoutingSpec): Promise<LoadedVersion> {
    const key = versionKey(ref);
    const existing = this.versions.get(key);
    if (existing) return existing;
    const bytes = await this.deps.modelBytes(ref);
    const signature = await pool.load(key, bytes, spec.batching);
    const version = { ref: { model: ref.model, version: ref.version }, key, signature, featureNames: readFeatureNames(bytes) };
    this.versions.set(key, version);
    return version;
  }

  private async unloadUnused(): Promise<void> {
    const used = new Set<string>();
    for (const active of this.deployments.values()) {
      for (const route of [...active.traffic, ...(active.shadow ? [active.shadow] : [])]) used.add(route.version.key);
    }
    const unused = [...this.versions.keys()].filter((key) => !used.has(key));
    for (const key of unused) this.versions.delete(key);
    if (unused.length === 0) return;
    const pool = await this.pool();
    await Promise.all(unused.map((key) => pool.unload(key)));
  }

  private pool(): Promise<InferencePool> {
    this.startedPool ??= this.deps.pool().catch((error: unknown) => {
      this.startedPool = undefined;
      throw error;
    });
    return this.startedPool;
  }

  // ------------------------------------------------------------------ requests

  private active(name: string): ActiveDeployment {
    const active = this.deployments.get(name);
    if (!active) throw new DeploymentNotFoundError(name);
    return active;
  }

  private addressed(active: ActiveDeployment, version: number): Route {
    const route = active.traffic.find((entry) => entry.version.ref.version === version);
    if (!route)
      throw new VersionNotInDeploymentError(
        active.spec.name,
        version,
        active.traffic.map((entry) => entry.version.ref.version)
      );
    return route;
  }

  /** One version's run of a request, counted in its figures and metrics, and reported through onServed. */
  private async run(
    deployment: string,
    route: Route,
    request: InferRequest,
    requestId: string,
    given: Feeds | undefined
  ): Promise<ServedRequest> {
    const { ref, key, signature, featureNames } = route.version;
    const labels = { deployment, model: ref.model, version: String(ref.version), role: route.role };
    const at = new Date();
    const started = performance.now();
    let wire: WireFeeds;
    let outputs: Outputs;
    try {
      if (this.closed) throw new PoolClosedError();
      wire = prepareFeeds(signature, given ?? (await this.resolve(request, ref, signature)));
      const pool = await this.pool();
      outputs = await pool.inferChecked(key, wire);
    } catch (error) {
      const latency = performance.now() - started;
      route.stats.record(latency, false);
      this.metrics.requests.inc({ ...labels, outcome: error instanceof AppError ? error.code : 'internal_error' });
      throw error;
    }
    const latencyMs = performance.now() - started;
    const rows = rowsOf(wire, signature);
    route.stats.record(latencyMs, true);
    this.metrics.requests.inc({ ...labels, outcome: 'ok' });
    this.metrics.duration.observe(labels, latencyMs / 1000);
    this.metrics.batchRows.observe({ model: ref.model, version: labels.version }, rows);
    const served: ServedRequest = {
      deployment,
      model: ref.model,
      version: ref.version,
      role: route.role,
      requestId,
      predictionIds: predictionIdsFor(rows),
      feeds: wire,
      outputs,
      latencyMs,
      at,
      ...(request.entityKeys ? { entityKeys: request.entityKeys } : {}),
      featureNames
    };
    try {
      this.deps.onServed(served);
    } catch (error) {
      this.deps.logger?.error({ err: error, deployment, requestId }, 'serving: recording a served request failed');
    }
    return served;
  }

  private resolve(request: InferRequest, ref: VersionRef, signature: Signature): Promise<Feeds> {
    if (!request.resolveFeeds) throw new InvalidInputError('the request carries neither inputs nor entity keys');
    return request.resolveFeeds(ref, signature);
  }

  /** The shadow copy starts once the caller's answer is on its way, and nothing it does reaches the caller. */
  private startShadow(deployment: string, route: Route, request: InferRequest, requestId: string): void {
    const labels = { deployment, model: route.version.ref.model, version: String(route.version.ref.version), role: 'shadow' };
    if (this.closing) return;
    if (this.shadows.size >= MAX_SHADOWS_IN_FLIGHT) {
      this.metrics.requests.inc({ ...labels, outcome: 'shadow_dropped' });
      return;
    }
    const copy = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(deployment, route, request, requestId, request.feeds))
      .then(
        () => undefined,
        (error: unknown) => {
          this.deps.logger?.warn(
            { err: error, deployment, requestId, version: labels.version },
            'serving: the shadow version failed on a request'
          );
        }
      );
    this.shadows.add(copy);
    void copy.finally(() => this.shadows.delete(copy));
  }
}

/** The request's rows: the first dimension of the model's first input (a scalar input is one row). */
function rowsOf(feeds: WireFeeds, signature: Signature): number {
  const first = feeds[signature.inputs[0]?.name ?? ''] ?? Object.values(feeds)[0];
  return first && first.dims.length > 0 ? first.dims[0] : 1;
}
