/** Asynchronous import jobs: records are processed in chunks between other requests. */

/** A job's public state, as `GET /api/jobs/:id` answers it. */
export interface ImportJob {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  /** Records handled so far: created + rejected. */
  processed: number;
  created: number;
  rejected: number;
  /** The first few reasons records were rejected, or why the job failed. */
  errors: string[];
}

/**
 * Imports one chunk of records in one transaction; returns a rejection reason per rejected record
 * (`undefined` for created ones). Throwing fails the whole job.
 */
export type ChunkImporter = (records: readonly unknown[], ownerId: number) => (string | undefined)[];

interface ImportInput {
  records: readonly unknown[];
  ownerId: number;
}

const CHUNK_SIZE = 100;
const MAX_ERRORS = 10;
// Finished jobs are kept for polling but bounded, so a long load test cannot grow memory forever.
const MAX_JOBS = 1_000;

/** Queues import jobs and runs them a chunk per macrotask, so the server stays responsive. */
export class ImportJobs {
  private readonly jobs = new Map<number, ImportJob>();
  private readonly pending = new Set<NodeJS.Immediate>();
  private nextId = 1;

  constructor(private readonly importChunk: ChunkImporter) {}

  /** Creates a queued job for `records`, imported on behalf of `ownerId`, and schedules its first chunk. */
  start(records: readonly unknown[], ownerId: number): ImportJob {
    const job: ImportJob = {
      id: this.nextId++, status: 'queued', total: records.length, processed: 0, created: 0, rejected: 0, errors: [],
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
    this.schedule(job, { records, ownerId }, 0);
    return job;
  }

  /** A copy of a job's state, or undefined. */
  get(id: number): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job ? { ...job, errors: [...job.errors] } : undefined;
  }

  /** Cancels every scheduled chunk (server shutdown). */
  close(): void {
    for (const handle of this.pending) clearImmediate(handle);
    this.pending.clear();
  }

  private schedule(job: ImportJob, input: ImportInput, offset: number): void {
    const handle = setImmediate(() => {
      this.pending.delete(handle);
      this.runChunk(job, input, offset);
    });
    this.pending.add(handle);
  }

  private runChunk(job: ImportJob, input: ImportInput, offset: number): void {
    job.status = 'running';
    const chunk = input.records.slice(offset, offset + CHUNK_SIZE);
    try {
      const results = this.importChunk(chunk, input.ownerId);
      results.forEach((reason, index) => {
        if (reason === undefined) job.created++;
        else {
          job.rejected++;
          if (job.errors.length < MAX_ERRORS) job.errors.push(`record ${offset + index}: ${reason}`);
        }
      });
      job.processed += chunk.length;
    } catch (error) {
      job.status = 'failed';
      job.errors.push(error instanceof Error ? error.message : String(error));
      return;
    }
    if (job.processed < job.total) this.schedule(job, input, offset + CHUNK_SIZE);
    else job.status = 'done';
  }
}
