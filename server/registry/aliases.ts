/**
 * Aliases (champion, challenger, …) name one version each. They live on the model document, so
 * setting and deleting one is guarded by the model's revision.
 */
import { NotFoundError } from '../platform/errors';
// The alias comes from the URL: "constructor" must not find Object.prototype's.
import { ownEntry } from '../platform/own';
import type { RegistryStore } from './context';
import type { ModelCatalog } from './models';
import { toRegisteredModel } from './models';
import type { ModelVersion, RegisteredModel, SetAliasRequest } from '@mlportal/contract';
import { toModelVersion, type VersionCatalog } from './versions';

export class AliasBook {
  constructor(
    private readonly registry: RegistryStore,
    private readonly models: ModelCatalog,
    private readonly versions: VersionCatalog
  ) {}

  async set(name: string, alias: string, request: SetAliasRequest, actor: string): Promise<RegisteredModel> {
    const model = await this.models.require(name);
    await this.versions.require(model, request.version);
    const previous = ownEntry(model.aliases, alias);
    const at = this.registry.now().toISOString();
    const updated = (await this.registry.recorded(
      {
        collection: this.registry.models,
        update: model._id,
        expectedRev: request.expectedRevision,
        changes: { aliases: { ...model.aliases, [alias]: request.version }, updatedAt: at }
      },
      {
        modelId: model._id,
        model: name,
        version: request.version,
        kind: 'alias-set',
        alias,
        from: previous === undefined ? null : String(previous),
        to: String(request.version),
        at,
        by: actor
      }
    ))!;
    return toRegisteredModel(updated, await this.models.versionsOf([model._id]));
  }

  async get(name: string, alias: string): Promise<ModelVersion> {
    const model = await this.models.require(name);
    const version = ownEntry(model.aliases, alias);
    if (version === undefined) throw new NotFoundError(`unknown alias ${alias} for model ${name}`, { model: name, alias });
    return toModelVersion(await this.versions.require(model, version), model.aliases);
  }

  async delete(name: string, alias: string, expectedRevision: number, actor: string): Promise<RegisteredModel> {
    const model = await this.models.require(name);
    const version = ownEntry(model.aliases, alias);
    if (version === undefined) throw new NotFoundError(`unknown alias ${alias} for model ${name}`, { model: name, alias });
    const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([key]) => key !== alias));
    const at = this.registry.now().toISOString();
    const updated = (await this.registry.recorded(
      { collection: this.registry.models, update: model._id, expectedRev: expectedRevision, changes: { aliases, updatedAt: at } },
      { modelId: model._id, model: name, version, kind: 'alias-deleted', alias, from: String(version), to: null, at, by: actor }
    ))!;
    return toRegisteredModel(updated, await this.models.versionsOf([model._id]));
  }
}
