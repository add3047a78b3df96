/**
 * Runs a candidate's gate with the registry's metrics, and decides what a failed one means: 422
 * with every check, unless an override with a reason comes from someone allowed to give it, in
 * which case the result records who overrode it and why.
 */
import { authorize } from '../../auth/authenticate';
import type { Principal } from '../../platform/principal';
import type { GateRequest, GateResult, ModelVersion, VersionRef } from '@mlportal/contract';
import type { ServingNeighbours } from '../neighbours';
import { GateFailedError } from './errors';
import { DEFAULT_GATE, evaluateGate } from './gate';
import { refText } from './traffic';

export class GateKeeper {
  constructor(
    private readonly registry: Pick<ServingNeighbours, 'modelVersion' | 'productionVersion'>,
    private readonly now: () => Date
  ) {}

  /** The gate alone (the wizard's dry run); 404 naming an unknown model or version. */
  async evaluate(ref: VersionRef, request: GateRequest = DEFAULT_GATE): Promise<GateResult> {
    const candidate = await this.registry.modelVersion(ref.model, ref.version);
    return evaluateGate(candidate, request, await this.productionOf(ref.model), this.now());
  }

  /** The gate a change must pass; throws GateFailedError, or 403 for an override the caller may not give. */
  async check(
    ref: VersionRef,
    request: GateRequest | undefined,
    override: { reason: string } | undefined,
    caller: Principal
  ): Promise<GateResult> {
    if (override) authorize(caller, 'deployments:override-gate');
    const result = await this.evaluate(ref, request);
    if (result.passed) return result;
    if (!override) throw new GateFailedError(result, refText(ref));
    return { ...result, overriddenBy: caller.name, overrideReason: override.reason };
  }

  private async productionOf(model: string): Promise<ModelVersion | null> {
    const productionVersion = await this.registry.productionVersion(model);
    return productionVersion === null ? null : this.registry.modelVersion(model, productionVersion);
  }
}
