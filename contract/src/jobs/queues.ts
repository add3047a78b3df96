/** The kinds of executor a queue runs its jobs on, and the rule for a queue's name. */
export const EXECUTOR_KINDS = ['local', 'kubernetes'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];
export const QUEUE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
