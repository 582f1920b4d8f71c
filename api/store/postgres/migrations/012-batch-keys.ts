/** Batch idempotency keys: the twin of SQLite's migration 012 (see api/store/sqlite/migrations/012-batch-keys.ts). */
export const batchKeys = `
ALTER TABLE job_batches ADD COLUMN idempotency_key TEXT COLLATE "C";
CREATE UNIQUE INDEX job_batches_idempotency ON job_batches (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
`;
