/**
 * Runs a candidate's gate with the registry's metrics, and decides what a failed one means: 422
 * with every check, unless an override with a reason comes from someone allowed to give it, in
 * which case the result records who overrode it and why.
 */
import type { RegistryService } from '../../registry/service';
import type { ModelVersion } from '../../registry/schemas';
import type { Caller } from './catalog';
import { GateFailedError } from './errors';
import { DEFAULT_GATE, evaluateGate } from './gate';
import type { GateRequest, GateResult, VersionRef } from './schemas';
import { refText } from './traffic';

export class GateKeeper {
  constructor(
    /** Read on each use: the registry is built beside serving. */
    private readonly registry: () => RegistryService,
    private readonly now: () => Date
  ) {}

  /** The gate alone (the wizard's dry run); 404 naming an unknown model or version. */
  async evaluate(ref: VersionRef, request: GateRequest = DEFAULT_GATE): Promise<GateResult> {
    const candidate = await this.registry().versions.get(ref.model, ref.version);
    return evaluateGate(candidate, request, await this.productionOf(ref.model), this.now());
  }

  /** The gate a change must pass; throws GateFailedError, or 403 for an override the caller may not give. */
  async check(ref: VersionRef, request: GateRequest | undefined, override: { reason: string } | undefined, caller: Caller): Promise<GateResult> {
    if (override) caller.authorize('deployments:override-gate');
    const result = await this.evaluate(ref, request);
    if (result.passed) return result;
    if (!override) throw new GateFailedError(result, refText(ref));
    return { ...result, overriddenBy: caller.name, overrideReason: override.reason };
  }

  private async productionOf(model: string): Promise<ModelVersion | null> {
    const { productionVersion } = await this.registry().models.get(model);
    return productionVersion === null ? null : this.registry().versions.get(model, productionVersion);
  }
}
