/**
 * Traffic changes: a rollout makes a version the canary (percent < 100) or the only version (100),
 * after its gate; a rollback returns traffic and shadow to what they were before the newest rollout
 * not yet rolled back. Both are recorded as events with from and to.
 */
import type { Principal } from '../../platform/principal';
import type { DeploymentCatalog } from './catalog';
import { changesBetween } from './changes';
import type { DeploymentDocument } from './documents';
import { NothingToRollBackError } from './errors';
import type { Deployment, DryRunResult, RolloutRequest } from '@mlportal/contract';
import { toDeployment } from './store';
import { refOf, rolloutTraffic, versionsOf } from './traffic';

export class Rollouts {
  constructor(private readonly catalog: DeploymentCatalog) {}

  async rollout(name: string, request: RolloutRequest, caller: Principal): Promise<Deployment | DryRunResult> {
    const current = await this.catalog.requireRevision(name, request.revision);
    const version = refOf(request);
    const traffic = rolloutTraffic(current.traffic, version, request.percent);
    await this.catalog.requireVersions(versionsOf(traffic, current.shadow));
    const gate = await this.catalog.gates.check(version, request.gate, request.override, caller);
    const { _id, _rev, ...fields } = current;
    const next: DeploymentDocument = { ...fields, traffic, gate, updatedAt: this.catalog.store.now().toISOString() };
    if (request.dryRun) {
      return { deployment: toDeployment({ ...next, _id, _rev }, { state: 'ready' }), changes: changesBetween(current, next), gate };
    }
    return this.catalog.replace(current, next, caller, { type: 'rollout', apply: true, gate });
  }

  async rollback(name: string, revision: number, caller: Principal): Promise<Deployment> {
    const current = await this.catalog.requireRevision(name, revision);
    const rollout = await this.catalog.store.lastRollout(current.incarnation);
    if (!rollout?.from) throw new NothingToRollBackError(name);
    const { _id, _rev, ...fields } = current;
    void _id;
    void _rev;
    const next: DeploymentDocument = {
      ...fields,
      traffic: rollout.from.traffic,
      shadow: rollout.from.shadow,
      updatedAt: this.catalog.store.now().toISOString()
    };
    const deployment = await this.catalog.replace(current, next, caller, {
      type: 'rollback',
      apply: true,
      note: `undid the rollout of ${rollout.at}`
    });
    await this.catalog.store.markRolledBack(rollout);
    return deployment;
  }
}
