/**
 * Attempts and outputs per attempt (issue 14).
 *
 * `job_attempts`: one row per attempt, written at the claim and closed when the
 * attempt ends; never overwritten. The job row keeps the latest attempt's
 * fields (the job view shows them). `log_start` is where the attempt's output
 * begins in the job's log, which `log_attempts` held before; the range ends
 * where the next attempt's begins. `base_digest` and `agent_version` are what
 * the agent reports at its finish (older agents report neither).
 *
 * `attempt_outputs`: every upload, tied to (job, epoch) and written only while
 * that attempt holds the lease. When the job succeeds, its attempt's outputs
 * are copied to `outputs`, which from now on holds only what children may take.
 * Outputs of attempts that were running or did not succeed at this migration
 * move to their attempt; a succeeded job's stay and are also recorded under
 * its last attempt.
 *
 * `asked_priority`: what the submit asked for, kept apart from `priority`,
 * which aging raises. Jobs from before get their present (maybe aged) value.
 *
 * Reruns: a job made from another keeps `rerun_of` and what it changed
 * (`rerun_changes`, a JSON list of names). Batches: `POST /v1/job-batches`
 * records a `job_batches` row and its jobs point at it (`submit_batch`; the
 * `batch` column stays the batch system's record of an attempt).
 *
 * Attempts before this migration are recorded with what is known: the last one
 * from the job row, earlier ones only by their log start (node '').
 */
export const attempts = `
CREATE TABLE job_attempts (
  job_id         INTEGER NOT NULL REFERENCES jobs (id),
  epoch          INTEGER NOT NULL,
  agent_id       INTEGER REFERENCES agents (id),
  node           TEXT NOT NULL,
  -- The node's labels (its site, pool …) when it claimed the attempt.
  labels         TEXT NOT NULL DEFAULT '{}',
  executor       TEXT NOT NULL,
  started_at     INTEGER NOT NULL,
  finished_at    INTEGER,
  -- NULL while the attempt runs; then what became of the job: succeeded, failed, cancelled or requeued.
  outcome        TEXT CHECK (outcome IN ('succeeded', 'failed', 'cancelled', 'requeued')),
  exit_code      INTEGER,
  signal         TEXT,
  failure_reason TEXT,
  message        TEXT,
  batch          TEXT,
  log_start      INTEGER NOT NULL,
  base_digest    TEXT,
  agent_version  TEXT,
  PRIMARY KEY (job_id, epoch)
) WITHOUT ROWID;

INSERT INTO job_attempts (job_id, epoch, agent_id, node, labels, executor, started_at, finished_at, outcome,
    exit_code, signal, failure_reason, message, batch, log_start)
  SELECT j.id, j.lease_epoch, j.agent_id, COALESCE(a.name, ''), COALESCE(a.labels, '{}'), COALESCE(a.executor, ''), COALESCE(j.started_at, j.created_at),
    CASE WHEN j.state IN ('running', 'cancelling') THEN NULL ELSE COALESCE(j.finished_at, j.started_at, j.created_at) END,
    CASE WHEN j.state IN ('running', 'cancelling') THEN NULL WHEN j.state IN ('succeeded', 'failed', 'cancelled') THEN j.state ELSE 'requeued' END,
    j.exit_code, j.signal, j.failure_reason, j.message, j.batch,
    COALESCE((SELECT start FROM log_attempts l WHERE l.job_id = j.id AND l.epoch = j.lease_epoch), j.log_size)
  FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id
  WHERE j.lease_epoch > 0;
INSERT OR IGNORE INTO job_attempts (job_id, epoch, node, executor, started_at, finished_at, outcome, log_start)
  SELECT l.job_id, l.epoch, '', '', j.created_at, j.created_at, 'requeued', l.start FROM log_attempts l JOIN jobs j ON j.id = l.job_id;
DROP TABLE log_attempts;

CREATE TABLE attempt_outputs (
  job_id INTEGER NOT NULL REFERENCES jobs (id),
  epoch  INTEGER NOT NULL,
  path   TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size   INTEGER NOT NULL,
  PRIMARY KEY (job_id, epoch, path)
) WITHOUT ROWID;
CREATE INDEX attempt_outputs_sha256 ON attempt_outputs (sha256);

INSERT INTO attempt_outputs (job_id, epoch, path, sha256, size)
  SELECT o.job_id, j.lease_epoch, o.path, o.sha256, o.size FROM outputs o JOIN jobs j ON j.id = o.job_id WHERE j.lease_epoch > 0;
DELETE FROM outputs WHERE job_id IN (SELECT id FROM jobs WHERE state <> 'succeeded');

ALTER TABLE jobs ADD COLUMN asked_priority INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET asked_priority = priority;

CREATE TABLE job_batches (
  id         INTEGER PRIMARY KEY,
  owner      TEXT NOT NULL,
  rerun_of   INTEGER REFERENCES job_batches (id),
  created_at INTEGER NOT NULL
);
ALTER TABLE jobs ADD COLUMN submit_batch INTEGER REFERENCES job_batches (id);
CREATE INDEX jobs_submit_batch ON jobs (submit_batch, id) WHERE submit_batch IS NOT NULL;
ALTER TABLE jobs ADD COLUMN rerun_of INTEGER REFERENCES jobs (id);
ALTER TABLE jobs ADD COLUMN rerun_changes TEXT;
`;
