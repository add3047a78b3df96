/** Runs a search plan page by page: its phases in order, from a page position, with the in-memory checks. */
import type { Collection, Stored } from '../../platform/store/port';
import type { RunDocument } from '../documents';
import type { PagePosition } from './page-token';
import type { SearchPlan } from './plan';

/** Batch size while checking clauses in memory. */
const CHECK_BATCH = 500;
/** A page with in-memory checks reads at most this many runs; then it ends early, with a token to go on. */
const MAX_CHECKED_PER_PAGE = 20_000;

export async function scanPage(
  runs: Collection<RunDocument>,
  plan: SearchPlan,
  start: PagePosition,
  limit: number
): Promise<{ runs: Stored<RunDocument>[]; next?: PagePosition }> {
  const found: Stored<RunDocument>[] = [];
  let { phase, offset } = start;
  let checked = 0;
  while (phase < plan.phases.length) {
    const { filter, sort } = plan.phases[phase];
    // One more than the page needs: it says whether there is a next page.
    const batch = plan.postFilter ? CHECK_BATCH : limit + 1 - found.length;
    const docs = await runs.find(filter, { sort, skip: offset, limit: batch });
    for (let i = 0; i < docs.length; i++) {
      if (plan.postFilter && !plan.postFilter(docs[i])) continue;
      if (found.length === limit) return { runs: found, next: { phase, offset: offset + i } };
      found.push(docs[i]);
    }
    offset += docs.length;
    checked += docs.length;
    if (docs.length < batch) {
      phase++;
      offset = 0;
    } else if (plan.postFilter && checked >= MAX_CHECKED_PER_PAGE) {
      return { runs: found, next: { phase, offset } };
    }
  }
  return { runs: found };
}
