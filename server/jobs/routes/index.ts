import { defineRoute, FileReply, type Route } from '../../api/route';
import {
  JobListSchema,
  JobLogsQuerySchema,
  JobParamsSchema,
  JobSchema,
  ListJobsQuerySchema,
  QueueListSchema,
  SubmitJobRequestSchema
} from '@mlportal/contract';

const tag = 'jobs';

export const submitJobRoute = defineRoute({
  method: 'post',
  path: '/api/v1/jobs',
  operationId: 'submitJob',
  summary: 'Submit a training job: queued, then run by its queue’s executor; it is a run in tracking',
  description:
    'The job runs with MLPORTAL_URL, MLPORTAL_TOKEN (a token with your roles, revoked when the job ends), MLPORTAL_RUN_ID, MLPORTAL_JOB_ID and MLPORTAL_OUTPUT_DIR set (on the local executor also MLPORTAL_JOB_ATTEMPT, 1 for the first try); ' +
    'files it writes to MLPORTAL_OUTPUT_DIR become artifacts of its run.',
  tag,
  access: 'jobs:submit',
  body: SubmitJobRequestSchema,
  response: { status: 201, schema: JobSchema, description: 'The job, queued' },
  errors: [404],
  async handler({ body, context }) {
    return context.services.jobs.submit(body, context.principal);
  }
});

export const listJobsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/jobs',
  operationId: 'listJobs',
  summary: 'Jobs, newest first',
  tag,
  access: 'jobs:read',
  query: ListJobsQuerySchema,
  response: { status: 200, schema: JobListSchema, description: 'The jobs' },
  async handler({ query, context }) {
    return { jobs: await context.services.jobs.list(query) };
  }
});

export const getJobRoute = defineRoute({
  method: 'get',
  path: '/api/v1/jobs/:jobId',
  operationId: 'getJob',
  summary: 'One job: state, reason, attempts',
  tag,
  access: 'jobs:read',
  params: JobParamsSchema,
  response: { status: 200, schema: JobSchema, description: 'The job' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.jobs.get(params.jobId);
  }
});

export const cancelJobRoute = defineRoute({
  method: 'post',
  path: '/api/v1/jobs/:jobId/cancel',
  operationId: 'cancelJob',
  summary: 'Cancel a queued or running job (your own, unless you are an admin)',
  description:
    'A running job’s processes are stopped (SIGTERM, then SIGKILL) and it ends cancelled; the answer may still show it running until then.',
  tag,
  access: 'jobs:cancel',
  params: JobParamsSchema,
  response: { status: 200, schema: JobSchema, description: 'The job' },
  errors: [404, 409],
  async handler({ params, context }) {
    return context.services.jobs.cancel(params.jobId, context.principal);
  }
});

export const rerunJobRoute = defineRoute({
  method: 'post',
  path: '/api/v1/jobs/:jobId/rerun',
  operationId: 'rerunJob',
  summary: 'Submit a new job with the same spec',
  tag,
  access: 'jobs:submit',
  params: JobParamsSchema,
  response: { status: 201, schema: JobSchema, description: 'The new job, queued' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.jobs.rerun(params.jobId, context.principal);
  }
});

export const jobLogsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/jobs/:jobId/logs',
  operationId: 'getJobLogs',
  summary: 'The job’s output (every attempt) as text; with follow=true it streams until the job ends',
  description: 'A log can hold whatever the job printed, rows of data included, so it needs jobs:read-logs, not only jobs:read.',
  tag,
  access: 'jobs:read-logs',
  params: JobParamsSchema,
  query: JobLogsQuerySchema,
  response: { status: 200, mediaTypes: ['text/plain'], description: 'The log text from byte `since`' },
  errors: [404],
  async handler({ params, query, context }) {
    const stream = await context.services.jobs.logs(params.jobId, { follow: query.follow, since: query.since });
    return new FileReply(stream, 'text/plain; charset=utf-8');
  }
});

export const listQueuesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/queues',
  operationId: 'listQueues',
  summary: 'The job queues with what runs and waits in each',
  tag,
  access: 'jobs:read',
  response: { status: 200, schema: QueueListSchema, description: 'The queues' },
  async handler({ context }) {
    return { queues: await context.services.jobs.queues() };
  }
});

/** Every jobs endpoint, under /api/v1/jobs and /api/v1/queues. */
export const jobRoutes: readonly Route[] = [
  submitJobRoute,
  listJobsRoute,
  getJobRoute,
  cancelJobRoute,
  rerunJobRoute,
  jobLogsRoute,
  listQueuesRoute
];
