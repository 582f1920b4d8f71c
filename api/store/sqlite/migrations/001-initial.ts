/** The first schema. Times are milliseconds since the epoch; JSON columns hold small objects. */
export const initial = `
CREATE TABLE users (
  username      TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('visitor', 'user', 'developer', 'admin')),
  can_route     INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE recipes (
  name            TEXT PRIMARY KEY,
  command         TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  placement       TEXT,
  labels          TEXT NOT NULL DEFAULT '{}',
  min_memory_mb   INTEGER,
  timeout_seconds INTEGER,
  max_attempts    INTEGER NOT NULL DEFAULT 3,
  priority        INTEGER NOT NULL DEFAULT 0,
  resources       TEXT NOT NULL DEFAULT '{}',
  updated_at      INTEGER NOT NULL
);

CREATE TABLE routing (
  placement  TEXT PRIMARY KEY,
  selector   TEXT NOT NULL,
  resources  TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL
);

CREATE TABLE enrollment_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  uses_left   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE agents (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  labels       TEXT NOT NULL DEFAULT '{}',
  slots        INTEGER NOT NULL,
  memory_mb    INTEGER,
  executor     TEXT NOT NULL DEFAULT 'local',
  secret_hash  TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'online' CHECK (state IN ('online', 'draining', 'lost', 'removed')),
  last_seen_at INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX agents_name ON agents (name);

CREATE TABLE bundles (
  id          TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  files       TEXT NOT NULL,
  file_count  INTEGER NOT NULL,
  total_bytes INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  owner            TEXT NOT NULL,
  recipe           TEXT NOT NULL,
  args             TEXT NOT NULL,
  command          TEXT NOT NULL,
  requested_node   TEXT,
  selector         TEXT NOT NULL DEFAULT '{}',
  route_rule       TEXT NOT NULL DEFAULT '',
  min_memory_mb    INTEGER,
  resources        TEXT NOT NULL DEFAULT '{}',
  bundle           TEXT REFERENCES bundles (id),
  env              TEXT NOT NULL DEFAULT '{}',
  settings         TEXT NOT NULL DEFAULT '{}',
  sealed_secrets   TEXT,
  inputs           TEXT NOT NULL DEFAULT '[]',
  priority         INTEGER NOT NULL DEFAULT 0,
  timeout_seconds  INTEGER,
  max_attempts     INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  state            TEXT NOT NULL,
  failure_reason   TEXT,
  message          TEXT,
  exit_code        INTEGER,
  signal           TEXT,
  agent_id         INTEGER REFERENCES agents (id),
  lease_epoch      INTEGER NOT NULL DEFAULT 0,
  lease_expires_at INTEGER,
  not_before       INTEGER NOT NULL DEFAULT 0,
  batch            TEXT,
  idempotency_key  TEXT,
  log_size         INTEGER NOT NULL DEFAULT 0,
  log_truncated    INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER
);
CREATE INDEX jobs_queue ON jobs (priority DESC, id) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state IN ('running', 'cancelling');
CREATE INDEX jobs_state ON jobs (state, id);
CREATE INDEX jobs_owner ON jobs (owner, id);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE job_deps (
  job_id    INTEGER NOT NULL REFERENCES jobs (id),
  parent_id INTEGER NOT NULL REFERENCES jobs (id),
  PRIMARY KEY (job_id, parent_id)
) WITHOUT ROWID;
CREATE INDEX job_deps_parent ON job_deps (parent_id);

CREATE TABLE log_chunks (
  job_id INTEGER NOT NULL REFERENCES jobs (id),
  offset INTEGER NOT NULL,
  data   BLOB NOT NULL,
  PRIMARY KEY (job_id, offset)
) WITHOUT ROWID;

-- Where each attempt's output starts in the job's log (agents count offsets per attempt).
CREATE TABLE log_attempts (
  job_id INTEGER NOT NULL REFERENCES jobs (id),
  epoch  INTEGER NOT NULL,
  start  INTEGER NOT NULL,
  PRIMARY KEY (job_id, epoch)
) WITHOUT ROWID;

CREATE TABLE outputs (
  job_id INTEGER NOT NULL REFERENCES jobs (id),
  path   TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size   INTEGER NOT NULL,
  PRIMARY KEY (job_id, path)
) WITHOUT ROWID;
`;
