/**
 * Deployments: create, read, reconfigure, delete. Every change is checked whole first (versions
 * exist, gate, revision), then applied to the engine (the versions load; a model onnxruntime
 * refuses fails the change with nothing stored), then stored, then recorded as an event.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateDeploymentRequest,
  Deployment,
  DeploymentStats,
  DeploymentWithStats,
  DryRunResult,
  UpdateDeploymentRequest,
  VersionRef
} from '@mlportal/contract';
import { ConflictError, DuplicateKeyError, StaleRevisionError } from '../../platform/errors';
import type { Logger } from '../../platform/logging';
import type { Stored } from '../../platform/store/port';
import type { Principal } from '../../platform/principal';
import type { ServingEngine } from '../engine';
import type { ServingNeighbours } from '../neighbours';
import { changesBetween } from './changes';
import { COLLECTIONS, type DeploymentDocument } from './documents';
import { UnknownDeploymentError } from './errors';
import { GateKeeper } from './gate-keeper';
import { toDeployment, type DeploymentStore } from './store';
import { refOf, trafficFor, versionsOf } from './traffic';

export type Routing = Pick<ServingEngine, 'apply' | 'remove' | 'stats'>;

/** Called before a deployment is deleted (the Kubernetes part removes what it applied); a throw stops the delete. */
export type DeleteHook = (deployment: Deployment) => Promise<void>;

const DEFAULT_BATCHING = { maxBatchSize: 32, maxQueueDelayMs: 2 };
const DEFAULT_REPLICAS = { min: 1, max: 1, targetCpuPercent: 70 };

export class DeploymentCatalog {
  /** Live state beside what is stored: a deployment whose versions did not load after a restart is 'failed'. */
  private readonly states = new Map<string, Pick<Deployment, 'state' | 'reason'>>();
  private readonly deleteHooks: DeleteHook[] = [];

  constructor(
    readonly store: DeploymentStore,
    readonly registry: Pick<ServingNeighbours, 'modelVersion'>,
    readonly routing: Routing,
    readonly gates: GateKeeper,
    private readonly logger: Logger
  ) {}

  async list(): Promise<DeploymentWithStats[]> {
    const stored = await this.store.deployments.find({}, { sort: { _id: 1 } });
    return stored.map((doc) => ({ ...this.toDeployment(doc), stats: this.statsOf(doc) }));
  }

  async get(name: string): Promise<DeploymentWithStats> {
    const doc = await this.require(name);
    return { ...this.toDeployment(doc), stats: this.statsOf(doc) };
  }

  async stats(name: string): Promise<DeploymentStats> {
    return this.statsOf(await this.require(name));
  }

  async create(request: CreateDeploymentRequest, caller: Principal): Promise<Deployment | DryRunResult> {
    if (await this.store.deployments.get(request.name)) throw duplicate(request.name);
    const champion = { model: request.model, version: request.version };
    const traffic = trafficFor(champion, request.canary);
    const shadow = request.shadow ? refOf(request.shadow) : null;
    await this.requireVersions(versionsOf(traffic, shadow));
    const gate = await this.gates.check(champion, request.gate, request.override, caller);
    const at = this.store.now().toISOString();
    const doc: DeploymentDocument = {
      name: request.name,
      incarnation: randomUUID(),
      description: request.description ?? '',
      traffic,
      shadow,
      batching: request.batching ?? DEFAULT_BATCHING,
      replicas: request.replicas ?? DEFAULT_REPLICAS,
      target: request.target ?? 'local',
      gate,
      kpi: request.kpi ?? null,
      createdAt: at,
      createdBy: caller.name,
      updatedAt: at
    };
    if (request.dryRun)
      return { deployment: toDeployment({ ...doc, _id: doc.name, _rev: 0 }, { state: 'ready' }), changes: changesBetween(null, doc), gate };

    await this.routing.apply(routingSpec(doc));
    let stored: Stored<DeploymentDocument>;
    try {
      stored = await this.store.deployments.insert({ ...doc, _id: doc.name });
    } catch (err) {
      // Another request created it meanwhile: give the routing back to what that one stored.
      const winner = await this.store.deployments.get(doc.name);
      if (winner) await this.routing.apply(routingSpec(winner)).catch(() => undefined);
      else await this.routing.remove(doc.name);
      throw err instanceof DuplicateKeyError ? duplicate(doc.name) : err;
    }
    this.states.set(doc.name, { state: 'ready' });
    await this.store.append({
      deployment: doc.name,
      incarnation: doc.incarnation,
      type: 'created',
      at,
      by: caller.name,
      to: { traffic, shadow },
      gate
    });
    return this.toDeployment(stored);
  }

  async update(name: string, request: UpdateDeploymentRequest, caller: Principal): Promise<Deployment> {
    const current = await this.requireRevision(name, request.revision);
    const next: DeploymentDocument = {
      ...withoutMeta(current),
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.batching !== undefined ? { batching: request.batching } : {}),
      ...(request.replicas !== undefined ? { replicas: request.replicas } : {}),
      ...(request.shadow !== undefined ? { shadow: request.shadow && refOf(request.shadow) } : {}),
      ...(request.kpi !== undefined ? { kpi: request.kpi } : {}),
      ...(request.target !== undefined ? { target: request.target } : {}),
      updatedAt: this.store.now().toISOString()
    };
    if (next.shadow) await this.requireVersions([next.shadow]);
    const changes = changesBetween(current, next);
    const routingChanged = changes.some((change) => change.field === 'shadow' || change.field === 'batching');
    return this.replace(current, next, caller, {
      type: 'updated',
      apply: routingChanged,
      note: changes.length > 0 ? `changed ${changes.map((change) => change.field).join(', ')}` : 'nothing changed'
    });
  }

  async delete(name: string, revision: number, caller: Principal): Promise<void> {
    const current = await this.requireRevision(name, revision);
    const deployment = this.toDeployment(current);
    for (const hook of this.deleteHooks) await hook(deployment);
    await this.store.deployments.delete(current._id, revision);
    this.states.delete(name);
    await this.routing.remove(name);
    await this.store.append({
      deployment: name,
      incarnation: current.incarnation,
      type: 'deleted',
      by: caller.name,
      from: { traffic: current.traffic, shadow: current.shadow }
    });
  }

  onDelete(hook: DeleteHook): void {
    this.deleteHooks.push(hook);
  }

  /**
   * Stores `next` in place of `current` (at its revision) and records the event; with `apply`, the
   * engine switches first, and switches back when the store refuses (someone changed it meanwhile).
   */
  async replace(
    current: Stored<DeploymentDocument>,
    next: DeploymentDocument,
    caller: Principal,
    event: { type: 'updated' | 'rollout' | 'rollback'; apply: boolean; note?: string; gate?: DeploymentDocument['gate'] }
  ): Promise<Deployment> {
    if (event.apply) await this.routing.apply(routingSpec(next));
    let stored: Stored<DeploymentDocument>;
    try {
      stored = await this.store.deployments.update(current._id, current._rev, withoutMeta(next));
    } catch (err) {
      if (event.apply) await this.restoreRouting(current.name);
      throw err;
    }
    this.states.set(next.name, { state: 'ready' });
    await this.store.append({
      deployment: next.name,
      incarnation: next.incarnation,
      type: event.type,
      at: next.updatedAt,
      by: caller.name,
      from: { traffic: current.traffic, shadow: current.shadow },
      to: { traffic: next.traffic, shadow: next.shadow },
      ...(event.gate ? { gate: event.gate } : {}),
      ...(event.note ? { note: event.note } : {})
    });
    return this.toDeployment(stored);
  }

  /**
   * After a restart: applies the stored deployments `which` selects (by default those of target
   * local). One whose versions do not load is marked failed with the reason; the others still serve.
   */
  async applyStored(which: (doc: DeploymentDocument) => boolean = (doc) => doc.target === 'local'): Promise<void> {
    for (const doc of await this.store.deployments.find({}, { sort: { _id: 1 } })) {
      if (!which(doc)) continue;
      this.states.set(doc.name, { state: 'loading' });
      try {
        await this.routing.apply(routingSpec(doc));
        this.states.set(doc.name, { state: 'ready' });
      } catch (err) {
        const reason = (err as Error).message;
        this.states.set(doc.name, { state: 'failed', reason });
        this.logger.error({ err, deployment: doc.name }, 'serving: a stored deployment could not be re-applied');
      }
    }
  }

  async require(name: string): Promise<Stored<DeploymentDocument>> {
    const doc = await this.store.deployments.get(name);
    if (!doc) throw new UnknownDeploymentError(name);
    return doc;
  }

  async requireRevision(name: string, revision: number): Promise<Stored<DeploymentDocument>> {
    const doc = await this.require(name);
    if (doc._rev !== revision) throw new StaleRevisionError(COLLECTIONS.deployments, name, revision, doc._rev);
    return doc;
  }

  /** 404 naming the first model or version that is not registered. */
  async requireVersions(refs: VersionRef[]): Promise<void> {
    for (const ref of refs) await this.registry.modelVersion(ref.model, ref.version);
  }

  toDeployment(doc: Stored<DeploymentDocument>): Deployment {
    return toDeployment(doc, this.states.get(doc.name) ?? { state: 'ready' });
  }

  private async restoreRouting(name: string): Promise<void> {
    const stored = await this.store.deployments.get(name);
    if (stored)
      await this.routing
        .apply(routingSpec(stored))
        .catch((err: unknown) => this.logger.error({ err, deployment: name }, 'serving: could not restore routing'));
  }

  /** The engine's live figures; zeros for a deployment it does not serve (failed, or running on Kubernetes only). */
  private statsOf(doc: DeploymentDocument): DeploymentStats {
    try {
      return this.routing.stats(doc.name);
    } catch {
      const idle = { requests: 0, errors: 0, ratePerSecond: 0, p50Ms: null, p99Ms: null };
      return {
        deployment: doc.name,
        versions: [
          ...doc.traffic.map((entry, i) => ({ ...entry, role: i === 0 ? ('primary' as const) : ('canary' as const), ...idle })),
          ...(doc.shadow ? [{ ...doc.shadow, role: 'shadow' as const, percent: 0, ...idle }] : [])
        ],
        windowSeconds: 60
      };
    }
  }
}

export function routingSpec(doc: DeploymentDocument) {
  return { name: doc.name, traffic: doc.traffic, shadow: doc.shadow, batching: doc.batching };
}

function withoutMeta(doc: Stored<DeploymentDocument> | DeploymentDocument): DeploymentDocument {
  const { _id, _rev, ...rest } = doc as Stored<DeploymentDocument>;
  void _id;
  void _rev;
  return rest;
}

function duplicate(name: string): ConflictError {
  return new ConflictError(`a deployment named ${JSON.stringify(name)} already exists`, 'duplicate', { deployment: name });
}
