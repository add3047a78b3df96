/**
 * The one permission table: each action a route can require, and the roles allowed to do it.
 * admin holds every permission, so rows list only the other roles. A domain adds a row here (one
 * line) for each new action and names the permission in its route declarations; docs/api.md shows the
 * same table (renderPermissionTable), checked by server/auth/permissions.test.ts.
 */
import { ROLES, type Role } from './roles';

const EVERY_ROLE = ROLES;
const ADMIN_ONLY = [] as const;
/** Raw feature rows are for everyone who builds or runs models: all but business (it sees the catalog and statistics). */
const ROW_READERS = ['data-engineer', 'ml-engineer', 'data-analyst', 'ml-service-engineer', 'product-manager'] as const;

export const PERMISSION_TABLE = {
  'session:read': { roles: EVERY_ROLE, description: 'See your own token, roles and permissions (whoami)' },
  'tokens:create': { roles: ADMIN_ONLY, description: 'Create API tokens' },
  'tokens:list': { roles: ADMIN_ONLY, description: 'List API tokens (never their values)' },
  'tokens:revoke': { roles: ADMIN_ONLY, description: 'Revoke API tokens' },
  'features:read': {
    roles: EVERY_ROLE,
    description: 'Read the feature catalog, statistics, ingestion history and training-set records; search'
  },
  'features:define': { roles: ['data-engineer'], description: 'Create and edit entities and feature groups (new schema versions)' },
  'features:ingest': {
    roles: ['data-engineer'],
    description: 'Ingest feature data (files, rows, SQL transforms) and materialise the online store'
  },
  'features:read-rows': {
    roles: ROW_READERS,
    description:
      'See feature rows: online values, row previews, training-set data, and any stored file that holds rows (batch-scoring output; see server/auth/rows.ts)'
  },
  'training-sets:create': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst'],
    description: 'Build point-in-time training sets (and upload entity files for them)'
  },
  'experiments:read': {
    roles: EVERY_ROLE,
    description: 'Read experiments and runs: parameters, metric history, tags, artifacts; search runs'
  },
  'experiments:write': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst'],
    description: 'Create experiments and runs; log parameters, metrics, tags and artifacts'
  },
  'models:read': {
    roles: EVERY_ROLE,
    description: 'Read registered models and versions: signature, card, lineage, history; compare; download the ONNX file'
  },
  'models:register': {
    roles: ['ml-engineer', 'data-analyst'],
    description: 'Create models, upload ONNX files and register versions; edit descriptions, cards, tags and metrics'
  },
  'models:promote': {
    roles: ['ml-engineer', 'ml-service-engineer'],
    description: 'Move versions between none, staging and archived; set and delete aliases'
  },
  'models:promote-production': { roles: ['ml-service-engineer'], description: 'Move a version into or out of production' },
  'models:delete': { roles: ['ml-service-engineer'], description: 'Delete models and model versions (never one in production)' },
  'jobs:read': { roles: EVERY_ROLE, description: 'See training jobs (spec, state, attempts) and the job queues' },
  'jobs:read-logs': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst', 'ml-service-engineer'],
    description: "Read training jobs' logs (they can hold whatever a job printed, rows included)"
  },
  'jobs:submit': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst'],
    description: 'Submit training jobs and rerun them (where local jobs cannot be isolated, only the roles in MLPORTAL_TRUSTED_JOB_ROLES)'
  },
  'jobs:cancel': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst', 'ml-service-engineer'],
    description: 'Cancel training jobs (your own; an admin any)'
  },
  'batch-scoring:submit': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst', 'ml-service-engineer'],
    description: 'Score a training set or an uploaded file with a model version, as a job'
  },
  'deployments:read': {
    roles: EVERY_ROLE,
    description: 'See deployments: versions, traffic split, live request rate and latency, history; dry-run a gate'
  },
  'deployments:manage': {
    roles: ['ml-service-engineer'],
    description: 'Deploy, reconfigure and delete endpoints; roll out a canary, roll back, set a shadow; apply to Kubernetes'
  },
  'deployments:override-gate': { roles: ADMIN_ONLY, description: 'Deploy a version that failed its gate (with a reason, recorded)' },
  'predictions:send': {
    roles: ROW_READERS,
    description: 'Send prediction requests (Open Inference Protocol, JSON) and read model metadata'
  },
  'predictions:read': { roles: ROW_READERS, description: 'See logged predictions: inputs or entity keys, outputs, latency' },
  'monitoring:read': {
    roles: EVERY_ROLE,
    description: 'See monitoring: service metrics, drift, skew, model quality, alerts and dashboards'
  },
  'monitoring:configure': {
    roles: ['ml-engineer', 'data-analyst', 'ml-service-engineer', 'product-manager'],
    description: "Set a deployment's monitoring: drift reference and thresholds, outcome KPI"
  },
  'labels:write': {
    roles: ['data-engineer', 'ml-engineer', 'data-analyst', 'ml-service-engineer'],
    description: 'Send ground-truth labels for logged predictions; label queued predictions'
  },
  'alerts:manage': {
    roles: ['ml-engineer', 'data-analyst', 'ml-service-engineer'],
    description:
      'Create, edit and delete alert rules (webhooks, retraining jobs), which act as you while your token is valid; acknowledge alerts; see why a webhook failed'
  }
} as const satisfies Record<string, { roles: readonly Role[]; description: string }>;

export type Permission = keyof typeof PERMISSION_TABLE;

export const PERMISSIONS = Object.keys(PERMISSION_TABLE) as Permission[];

export function isPermission(name: string): name is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSION_TABLE, name);
}

/** The roles that hold `permission`, in the order of ROLES (admin always among them). */
export function rolesWith(permission: Permission): Role[] {
  const listed: readonly Role[] = PERMISSION_TABLE[permission].roles;
  return ROLES.filter((role) => role === 'admin' || listed.includes(role));
}

export function roleHas(role: Role, permission: Permission): boolean {
  return rolesWith(permission).includes(role);
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((permission) => roles.some((role) => roleHas(role, permission)));
}

/** The table as markdown (one column per role, ✓ where the role holds the permission), as docs/api.md shows it. */
export function renderPermissionTable(): string {
  const header = `| Permission | What it allows | ${ROLES.join(' | ')} |`;
  const divider = `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = PERMISSIONS.map((permission) => {
    const marks = ROLES.map((role) => (roleHas(role, permission) ? '✓' : ' '));
    return `| \`${permission}\` | ${PERMISSION_TABLE[permission].description} | ${marks.join(' | ')} |`;
  });
  return [header, divider, ...rows].join('\n');
}
