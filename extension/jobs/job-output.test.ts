import type { Job } from '@mlportal/sdk/core';
import { firstJobOutput, JOB_STATUS_MIME, jobStatus, markedJobId, statusLine, statusOutput } from './job-output';

const JOB = {
  id: 'job-0123456789ab',
  name: 'train cell 2',
  runId: 'r'.repeat(32),
  queue: 'default',
  executor: 'local',
  state: 'failed',
  reason: 'exit code 1',
  attempts: []
} as unknown as Job;

describe('job outputs in a cell', () => {
  it('mark the status output with the job, carrying its state for the renderer and a line for everyone else', () => {
    const output = statusOutput(jobStatus(JOB));
    expect(output.metadata).toEqual({ mlportal: { job: JOB.id } });
    expect(output.data[JOB_STATUS_MIME]).toEqual({
      jobId: JOB.id,
      name: 'train cell 2',
      state: 'failed',
      runId: JOB.runId,
      queue: 'default',
      executor: 'local',
      reason: 'exit code 1'
    });
    expect(output.data['text/plain']).toBe(`Job ${JOB.id} (train cell 2) on queue default: failed — exit code 1. Run ${JOB.runId}`);
    expect(markedJobId(output)).toBe(JOB.id);
  });

  it('say what a job waits for, and when it ended', () => {
    const status = jobStatus({ ...JOB, state: 'queued', reason: undefined, waitingReason: 'waiting for 2 GPUs' } as Job);
    expect(statusLine(status)).toBe(`Job ${JOB.id} (train cell 2) on queue default: queued — waiting for 2 GPUs`);
    expect(statusLine({ ...status, state: 'succeeded' })).toBe(
      `Job ${JOB.id} (train cell 2) on queue default: succeeded. Run ${JOB.runId}`
    );
    expect(statusLine({ ...status, state: 'cancelled', reason: 'cancelled' })).toBe(
      `Job ${JOB.id} (train cell 2) on queue default: cancelled. Run ${JOB.runId}`
    );
  });

  it('find where the job’s outputs start, keeping what the kernel printed before', () => {
    const kernelOutput = { output_type: 'stream', metadata: undefined };
    const other = { output_type: 'display_data', metadata: { mlportal: { job: 42 } } };
    expect(firstJobOutput([kernelOutput, other, statusOutput(jobStatus(JOB)), kernelOutput])).toBe(2);
    expect(firstJobOutput([kernelOutput, other])).toBe(-1);
  });
});
