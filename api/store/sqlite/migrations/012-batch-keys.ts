/**
 * A batch submit's idempotency key is kept once, on its batch, rather than as
 * `KEY#i` on each of its jobs, which cost a thousand entries in the unique
 * index jobs_idempotency and a thousand-key lookup per batch. Batches stored
 * before keep their keys on their jobs, and a retry of one still finds it
 * through its first job (`KEY#0`).
 */
export const batchKeys = `
ALTER TABLE job_batches ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX job_batches_idempotency ON job_batches (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
`;
