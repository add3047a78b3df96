/**
 * Lets one part of the SDK react to another's results without either importing the other: the
 * tracking API records on the active run the training sets that the feature API builds.
 */
import type { Client } from './client';

export interface TrainingSetBuilt {
  /** The client the set was built through (its URL tells which backend holds it). */
  client: Client;
  trainingSetId: string;
}

export type TrainingSetListener = (event: TrainingSetBuilt) => void | Promise<void>;

const trainingSetListeners = new Set<TrainingSetListener>();

/** Calls the listener after each training set built; returns the function that stops it. */
export function onTrainingSetBuilt(listener: TrainingSetListener): () => void {
  trainingSetListeners.add(listener);
  return () => trainingSetListeners.delete(listener);
}

/** Tells the listeners, one after another; a listener handles its own failures. */
export async function announceTrainingSetBuilt(event: TrainingSetBuilt): Promise<void> {
  for (const listener of trainingSetListeners) await listener(event);
}
