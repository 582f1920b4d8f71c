import type { JobRow } from '../sqlite/jobs/job-row.js';

/** What a submit needs back from an insert: materializing the whole row cost SQLite twice the insert itself. */
export type InsertedJob = Pick<JobRow, 'id' | 'state' | 'submit_batch'>;

/** The columns of an `InsertedJob`, for the insert's RETURNING and the read of an idempotent repeat. */
export const INSERTED_COLUMNS = 'id, state, submit_batch';

/** What an insert answers: the job, and whether this insert created it (false for a repeated idempotency key). */
export type Inserted = { row: InsertedJob; created: boolean };
