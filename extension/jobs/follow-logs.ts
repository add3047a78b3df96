import { MlportalConnectionError, type JobsApi } from '@mlportal/sdk/core';

/** Lets the caller stop a follow; checked whenever text arrives and between reconnections. */
export interface IStopFlag {
  readonly stopped: boolean;
}

export interface IFollowOptions {
  /**
   * How long one streamed request may stay open (default 20 s). The stream cannot be cut from
   * outside, so this bounds how long a stopped follow keeps its connection; afterwards it resumes
   * from the byte offset it reached, so nothing is shown twice or lost.
   */
  segmentMs?: number;
  /** Pause before reconnecting after the backend could not be reached (default 2 s). */
  retryMs?: number;
}

const encoder = new TextEncoder();

/**
 * Hands the job's log to `onText` as it is written, from the start, until the job ends ('ended')
 * or `stop` is set ('stopped'). An error answer (an unknown job, a refused token) rejects.
 */
export async function followJobLogs(
  jobs: JobsApi,
  jobId: string,
  onText: (text: string) => void,
  stop: IStopFlag,
  options: IFollowOptions = {}
): Promise<'ended' | 'stopped'> {
  let since = 0;
  while (!stop.stopped) {
    try {
      for await (const text of jobs.logs(jobId, { follow: true, since, timeoutMs: options.segmentMs ?? 20_000 })) {
        // The offset counts bytes; the SDK yields whole characters only, so a character split
        // across two reads is read again in full after a reconnection.
        since += encoder.encode(text).length;
        if (stop.stopped) {
          return 'stopped';
        }
        onText(text);
      }
      return 'ended';
    } catch (error) {
      if (!(error instanceof MlportalConnectionError)) {
        throw error;
      }
      // The segment's time is up (or the backend blinked): continue where the log was left.
      if (!/no answer within/.test(error.message)) {
        await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 2000));
      }
    }
  }
  return 'stopped';
}
