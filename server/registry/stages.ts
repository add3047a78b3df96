/**
 * Moving a version between stages (none, staging, production, archived). The move is guarded by
 * the version's revision: of two people promoting from the same state, one wins and the other gets
 * 409 stale_revision with nothing changed. Moving into or out of production needs
 * models:promote-production, checked against the stage the caller's revision names.
 */
import type { ModelVersion, TransitionRequest } from '@mlportal/contract';
import { authorize } from '../auth/authenticate';
import { StaleRevisionError } from '../platform/errors';
import type { Principal } from '../platform/principal';
import type { Stored } from '../platform/store/port';
import { RETRIES, type RegistryStore } from './context';
import { COLLECTIONS, type VersionDocument } from './documents';
import type { ModelCatalog } from './models';
import { toModelVersion, type VersionCatalog } from './versions';

export class StageTransitions {
  constructor(
    private readonly registry: RegistryStore,
    private readonly models: ModelCatalog,
    private readonly versions: VersionCatalog
  ) {}

  async transition(name: string, version: number, request: TransitionRequest, caller: Principal): Promise<ModelVersion> {
    const actor = caller.name;
    // Known from the request alone: refused before anything is read, whatever the revision.
    if (request.stage === 'production') authorize(caller, 'models:promote-production');
    const model = await this.models.require(name);
    const stored = await this.versions.require(model, version);
    if (stored._rev !== request.expectedRevision) {
      throw new StaleRevisionError(COLLECTIONS.versions, `${name}/${version}`, request.expectedRevision, stored._rev);
    }
    const from = stored.stage;
    const to = request.stage;
    authorize(caller, from === 'production' || to === 'production' ? 'models:promote-production' : 'models:promote');

    const at = this.registry.now().toISOString();
    const updated = (await this.registry.recorded(
      {
        collection: this.registry.versions,
        update: stored._id,
        expectedRev: request.expectedRevision,
        changes: { stage: to, updatedAt: at }
      },
      {
        modelId: model._id,
        model: name,
        version,
        kind: 'stage',
        from,
        to,
        ...(request.comment !== undefined ? { comment: request.comment } : {}),
        at,
        by: actor
      }
    ))!;
    if (request.archiveExistingVersions && to !== 'none' && to !== 'archived') {
      const others = await this.registry.versions.find({ modelId: model._id, stage: to }, { sort: { version: 1 } });
      for (const other of others.filter((v) => v.version !== version)) await this.archive(other, actor, version);
    }
    return toModelVersion(updated, model.aliases);
  }

  /** Another version leaving the target stage; retried on its own revision, skipped if it moved on meanwhile. */
  private async archive(version: Stored<VersionDocument>, actor: string, causedBy: number): Promise<void> {
    let current: Stored<VersionDocument> | null = version;
    const stage = version.stage;
    for (let attempt = 0; attempt < RETRIES && current && current.stage === stage; attempt++) {
      const at = this.registry.now().toISOString();
      try {
        await this.registry.recorded(
          {
            collection: this.registry.versions,
            update: current._id,
            expectedRev: current._rev,
            changes: { stage: 'archived', updatedAt: at }
          },
          {
            modelId: current.modelId,
            model: current.model,
            version: current.version,
            kind: 'stage',
            from: stage,
            to: 'archived',
            comment: `archived when version ${causedBy} moved to ${stage}`,
            at,
            by: actor
          }
        );
      } catch (err) {
        if (!(err instanceof StaleRevisionError)) throw err;
        current = await this.registry.versions.get(version._id);
        continue;
      }
      return;
    }
  }
}
