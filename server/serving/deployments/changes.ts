/** What a change would do to a deployment, field by field: the wizard's review step and every dryRun. */
import type { DeploymentDocument } from './documents';
import type { Change } from '@mlportal/contract';

const REVIEWED_FIELDS = ['description', 'traffic', 'shadow', 'batching', 'replicas', 'target', 'kpi'] as const;

/** `before` null: a new deployment, every field set from nothing. */
export function changesBetween(before: DeploymentDocument | null, after: DeploymentDocument): Change[] {
  return REVIEWED_FIELDS.filter((field) => !before || JSON.stringify(before[field]) !== JSON.stringify(after[field])).map((field) => ({
    field,
    from: before ? before[field] : null,
    to: after[field]
  }));
}
