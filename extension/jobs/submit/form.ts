import type { TranslationBundle } from '@jupyterlab/translation';
import type { JobSpec, QueueStatus } from '@mlportal/sdk/core';
import { untranslated } from '../../ui/untranslated';

/** The "Submit to GPU cluster" dialog's fields, as typed. */
export interface ISubmitForm {
  name: string;
  /** Whole GPUs, 0..16. */
  gpus: string;
  /** Optional node label value, e.g. "nvidia-a100". */
  gpuType: string;
  image: string;
  /** Minutes, 1..10080 (7 days). */
  timeoutMinutes: string;
  /** A queue name from GET /queues; '' for the backend's default. */
  queue: string;
}

/** What the form contributes to the job; the code (image default, command, args) comes from cellJob(). */
export type SubmitFields = Pick<JobSpec, 'name' | 'image' | 'queue' | 'timeoutSeconds'> & { resources: { gpus: number; gpuType?: string } };

export type CheckedForm = { ok: true; fields: SubmitFields } | { ok: false; problems: string[] };

const MAX_GPUS = 16;
const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
const GPU_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/** A container image reference, loosely: the backend checks the full grammar and names what is wrong. */
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

/** Checks every field; each problem names its field. The queue must be one the backend listed. */
export function checkSubmitForm(
  form: ISubmitForm,
  queues: readonly Pick<QueueStatus, 'name'>[],
  trans: TranslationBundle = untranslated
): CheckedForm {
  const problems: string[] = [];
  const name = form.name.trim();
  if (!name) problems.push(trans.__('Job name: give the job a name.'));
  else if (name.length > 256) problems.push(trans.__('Job name: at most 256 characters.'));
  const gpus = wholeNumber(form.gpus);
  if (gpus === null || gpus < 0 || gpus > MAX_GPUS)
    problems.push(trans.__('GPUs: a whole number from 0 to %1; got "%2".', MAX_GPUS, form.gpus.trim()));
  const gpuType = form.gpuType.trim();
  if (gpuType && !GPU_TYPE.test(gpuType)) problems.push(trans.__('GPU type: a label value such as "nvidia-a100"; got "%1".', gpuType));
  if (gpuType && gpus === 0) problems.push(trans.__('GPU type: ask for at least one GPU, or leave the type empty.'));
  const image = form.image.trim();
  if (!image) problems.push(trans.__('Image: name the container image to run in, e.g. "python:3.11-slim".'));
  else if (!IMAGE.test(image)) problems.push(trans.__('Image: "%1" is not an image reference such as "registry/name:tag".', image));
  const minutes = wholeNumber(form.timeoutMinutes);
  if (minutes === null || minutes < 1 || minutes > MAX_TIMEOUT_MINUTES)
    problems.push(trans.__('Timeout: whole minutes from 1 to %1 (7 days); got "%2".', MAX_TIMEOUT_MINUTES, form.timeoutMinutes.trim()));
  const queue = form.queue.trim();
  if (queue && !queues.some((known) => known.name === queue))
    problems.push(
      trans.__(
        'Queue: "%1" is not one of the backend\'s queues (%2).',
        queue,
        queues.map((known) => known.name).join(', ') || trans.__('none listed')
      )
    );
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    fields: {
      name,
      image,
      timeoutSeconds: (minutes as number) * 60,
      resources: { gpus: gpus as number, ...(gpuType ? { gpuType } : {}) },
      ...(queue ? { queue } : {})
    }
  };
}

/** A job name from the notebook's file name and what is submitted. */
export function suggestedJobName(notebookPath: string, target: 'cell' | 'notebook', cellNumber?: number): string {
  const base = (notebookPath.split('/').pop() ?? 'notebook').replace(/\.ipynb$/i, '') || 'notebook';
  return target === 'cell' && cellNumber !== undefined ? `${base} cell ${cellNumber}` : base;
}

/** How a queue is offered in the dialog: its executor and what it holds of its GPU quota. */
export function describeQueue(queue: QueueStatus, trans: TranslationBundle = untranslated): string {
  const quota =
    queue.gpuQuota !== undefined
      ? trans.__('%1 of %2 GPUs in use', queue.gpusInUse, queue.gpuQuota)
      : trans.__('%1 GPUs in use', queue.gpusInUse);
  const team = queue.team ? trans.__(', team %1', queue.team) : '';
  return trans.__('%1 (%2%3; %4; %5 running, %6 queued)', queue.name, queue.executor, team, quota, queue.running, queue.queued);
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}
