/** The deployments' own error answers (beyond the platform's and the engine's). */
import { AppError, ConflictError, NotFoundError } from '../../platform/errors';
import type { GateResult } from '@mlportal/contract';

export class UnknownDeploymentError extends NotFoundError {
  constructor(name: string) {
    super(`no deployment named ${JSON.stringify(name)}`, { deployment: name });
  }
}

/** 422: the candidate failed its gate and nobody overrode it; details is the GateResult with every check. */
export class GateFailedError extends AppError {
  constructor(
    readonly gate: GateResult,
    subject: string
  ) {
    const failed = gate.checks
      .filter((check) => !check.passed)
      .map((check) => `${check.metric} ${check.expected} (actual ${check.actual ?? 'missing'})`);
    super(
      422,
      'gate_failed',
      `${subject} failed its gate: ${failed.join('; ')}; fix the model or override with a reason (deployments:override-gate)`,
      gate
    );
  }
}

export class NothingToRollBackError extends ConflictError {
  constructor(name: string) {
    super(`deployment ${JSON.stringify(name)} has no rollout left to roll back`, 'nothing_to_roll_back', { deployment: name });
  }
}
