import { MAX_LABELS_PER_REQUEST, SendLabelsRequestSchema, SendLabelsResponseSchema } from '@mlportal/contract';
import { MlportalError } from '../errors';
import { ClientBoundApi } from '../client-bound';
import type { Label } from './types';

export const LABELS_PATH = '/api/v1/labels';
/** The backend takes at most this many labels per request. */
export { MAX_LABELS_PER_REQUEST };

/**
 * Ground truth that arrives after the prediction, joined to it by prediction id: `client.labels`.
 * A second label for a prediction replaces the first, so sending again is safe.
 */
export class LabelsApi extends ClientBoundApi {
  /**
   * Sends the labels, in requests of at most 10,000. A request naming an unknown prediction id is
   * refused whole (404 naming them); requests before it stay stored.
   */
  async send(labels: readonly Label[]): Promise<{ accepted: number }> {
    if (!Array.isArray(labels) || labels.length === 0) {
      throw new MlportalError('labels.send needs a non-empty array of { predictionId, label }');
    }
    labels.forEach(checkLabel);
    let accepted = 0;
    for (let start = 0; start < labels.length; start += MAX_LABELS_PER_REQUEST) {
      const chunk = labels.slice(start, start + MAX_LABELS_PER_REQUEST);
      const answer = await this.call(SendLabelsResponseSchema, LABELS_PATH, { method: 'POST', body: { labels: chunk } });
      accepted += answer.accepted;
    }
    return { accepted };
  }
}

const LABEL_ENTRY = SendLabelsRequestSchema.shape.labels.element;

/** Each label as the backend will check it, so a bad one is named before anything is sent. */
function checkLabel(entry: Label, index: number): void {
  if (!LABEL_ENTRY.safeParse(entry).success) {
    throw new MlportalError(
      `labels[${index}] must be { predictionId: string, label: number | string | boolean } (a finite number); got ${JSON.stringify(entry)}`
    );
  }
}
