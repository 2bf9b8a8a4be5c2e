/** Bulk contact import: 202 + job id at once, records processed in the background, progress polled. */
import type { App, AppRoute } from '../app.js';
import { HttpError, notFound, unprocessable } from '../http/errors.js';
import { idParam, requireObject, validateBody } from '../http/validate.js';
import type { ChunkImporter } from '../jobs.js';
import { CONTACT } from './contacts.js';
import { insertRow } from './entity.js';

const MAX_RECORDS = 10_000;

function rejection(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  throw error;
}

/** Imports a chunk of contact records in one transaction; invalid records are rejected, not fatal. */
export function contactImporter(app: App): ChunkImporter {
  return (records, ownerId) => {
    const reasons = app.db.transaction(() => records.map((record) => {
      try {
        insertRow(app, CONTACT, validateBody(record, CONTACT.specs, 'create'), ownerId);
        return undefined;
      } catch (error) {
        return rejection(error);
      }
    }));
    app.invalidate(['contacts']);
    return reasons;
  };
}

/** POST /api/imports {records: [contact, ...]} → 202 {jobId}. */
const startImport: AppRoute = {
  method: 'POST',
  pattern: '/api/imports',
  handle({ app, body, userId }) {
    const { records } = requireObject(body);
    if (!Array.isArray(records) || records.length === 0 || records.length > MAX_RECORDS) {
      throw unprocessable([`records: expected an array of 1 to ${MAX_RECORDS} contact objects`]);
    }
    const job = app.jobs.start(records, userId);
    return {
      status: 202,
      body: { jobId: job.id, status: job.status, total: job.total },
      headers: { location: `/api/jobs/${job.id}` },
    };
  },
};

/** GET /api/jobs/:id → {status: queued|running|done|failed, processed, total, ...}. */
const jobStatus: AppRoute = {
  method: 'GET',
  pattern: '/api/jobs/:id',
  handle({ app, params }) {
    const id = idParam(params, 'job');
    const job = app.jobs.get(id);
    if (!job) throw notFound('job', id);
    return { body: job };
  },
};

export const importRoutes: AppRoute[] = [startImport, jobStatus];
