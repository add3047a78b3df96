/**
 * MLflow 3's logged models (models:/m-… outside the registry) have no counterpart in mlportal,
 * whose models live in runs' artifacts and the registry. The client searches them whenever it lists
 * a run's artifacts or registers runs:/… without an MLmodel file; the honest answer is "none".
 */
import { z } from 'zod';
import { defineMlflowEndpoint } from '../endpoint';

const search = defineMlflowEndpoint({
  method: 'post',
  path: '/logged-models/search',
  permission: 'experiments:read',
  input: z.object({}),
  async handle() {
    return { models: [] };
  }
});

export const loggedModelEndpoints = [search];
