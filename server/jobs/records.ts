/**
 * Job records in the store. Every change is read → change → write with the revision read, and
 * tried again when another writer (the scheduler, an executor report, a cancel) came first.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError, StaleRevisionError } from '../platform/errors';
import type { Collection, DocumentStore, Filter, Stored } from '../platform/store/port';
import { JOBS_COLLECTION, type JobDocument } from './documents';
import { JOB_ID_PATTERN, type JobState } from '@mlportal/contract';

const MAX_WRITE_ATTEMPTS = 20;

export function newJobId(): string {
  return `job-${randomBytes(6).toString('hex')}`;
}

export class JobRecords {
  private readonly jobs: Collection<JobDocument>;

  constructor(store: DocumentStore) {
    this.jobs = store.collection<JobDocument>(JOBS_COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.jobs.ensureIndex({ fields: ['state', 'createdAt'] });
    await this.jobs.ensureIndex({ fields: ['createdAt'] });
  }

  insert(id: string, doc: JobDocument): Promise<Stored<JobDocument>> {
    return this.jobs.insert({ _id: id, ...doc });
  }

  async require(id: string): Promise<Stored<JobDocument>> {
    const stored = JOB_ID_PATTERN.test(id) ? await this.jobs.get(id) : null;
    if (!stored) throw new NotFoundError(`no job with id ${JSON.stringify(id)}`, { jobId: id });
    return stored;
  }

  find(filter: Filter, options: { newestFirst?: boolean; limit?: number } = {}): Promise<Stored<JobDocument>[]> {
    return this.jobs.find(filter, { sort: { createdAt: options.newestFirst ? -1 : 1 }, limit: options.limit });
  }

  inStates(states: JobState[]): Promise<Stored<JobDocument>[]> {
    return this.find({ state: { $in: states } });
  }

  count(filter: Filter): Promise<number> {
    return this.jobs.count(filter);
  }

  /**
   * Applies `change` to the job as stored; `change` may return null to leave it as it is (it
   * decides on what it read, so a retry decides again on fresh data).
   */
  async modify(id: string, change: (job: Stored<JobDocument>) => Partial<JobDocument> | null): Promise<Stored<JobDocument>> {
    for (let attempt = 1; ; attempt++) {
      const job = await this.require(id);
      const changes = change(job);
      if (changes === null) return job;
      try {
        return await this.jobs.update(id, job._rev, changes);
      } catch (err) {
        if (!(err instanceof StaleRevisionError) || attempt >= MAX_WRITE_ATTEMPTS) throw err;
      }
    }
  }
}
