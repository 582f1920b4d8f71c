/**
 * Scheduling that scales with the routes, not the queue (docs/routing.md):
 * - `job_routes`: the few distinct answers to "where may this job run"; a claim
 *   judges routes and reads each fitting route's head through `jobs_route_queue`;
 *   aging reads only runnable routes' due jobs through `jobs_route_waiting`.
 * - `fair_pos` and `fair_shares`/`fair_clocks`: start-time fair queuing between
 *   owners. Jobs already queued keep position 0 and so their old order.
 * - agents report how they box shipped code; users get an active-job counter
 *   (kept by insert-job and transition) and an optional own limit.
 */
export const scheduling = `
CREATE TABLE job_routes (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  selector       TEXT NOT NULL,
  requested_node TEXT,
  min_memory_mb  INTEGER,
  ships_code     INTEGER NOT NULL,
  -- Since when some online agent fits the route (NULL: none does); aging counts from then at the earliest.
  runnable_since INTEGER
);
CREATE INDEX job_routes_node ON job_routes (requested_node);

ALTER TABLE jobs ADD COLUMN route_id INTEGER REFERENCES job_routes (id);
ALTER TABLE jobs ADD COLUMN fair_pos INTEGER NOT NULL DEFAULT 0;

INSERT INTO job_routes (key, selector, requested_node, min_memory_mb, ships_code)
  SELECT DISTINCT json_array(selector, requested_node, min_memory_mb, bundle IS NOT NULL), selector, requested_node, min_memory_mb, bundle IS NOT NULL
  FROM jobs;
UPDATE jobs SET route_id = (SELECT r.id FROM job_routes r
  WHERE r.key = json_array(jobs.selector, jobs.requested_node, jobs.min_memory_mb, jobs.bundle IS NOT NULL));

-- not_before last: reading a route's head in claim order skips retry delays from the index alone.
DROP INDEX jobs_queue;
CREATE INDEX jobs_route_queue ON jobs (route_id, priority DESC, fair_pos, id, not_before) WHERE state = 'queued';
-- Aging reads the due jobs of the routes that can run, one route at a time, and never those of the others.
DROP INDEX jobs_waiting_since;
CREATE INDEX jobs_route_waiting ON jobs (route_id, MAX(created_at, not_before, COALESCE(started_at, 0))) WHERE state = 'queued';

CREATE TABLE fair_shares (
  route_id INTEGER NOT NULL REFERENCES job_routes (id),
  owner    TEXT NOT NULL,
  priority INTEGER NOT NULL,
  last_pos INTEGER NOT NULL,
  PRIMARY KEY (route_id, owner, priority)
) WITHOUT ROWID;
CREATE TABLE fair_clocks (
  priority INTEGER PRIMARY KEY,
  vtime    INTEGER NOT NULL
);

ALTER TABLE agents ADD COLUMN isolation TEXT NOT NULL DEFAULT 'none' CHECK (isolation IN ('bwrap', 'none'));
ALTER TABLE agents ADD COLUMN trust_user_code INTEGER NOT NULL DEFAULT 0;

ALTER TABLE users ADD COLUMN max_active_jobs INTEGER;
ALTER TABLE users ADD COLUMN active_jobs INTEGER NOT NULL DEFAULT 0;
UPDATE users SET active_jobs = (SELECT count(*) FROM jobs
  WHERE jobs.owner = users.username AND jobs.state IN ('waiting', 'queued', 'running', 'cancelling'));
`;
