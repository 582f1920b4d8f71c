/**
 * Several replicas of the service on one database: the leader lease and the
 * sign-in failures, as in SQLite's migration 009 (see there). Times are
 * milliseconds since the epoch, as in every other table; the lease's expiry is
 * computed from the database's clock (leader-lease.ts).
 */
export const replicas = `
CREATE TABLE leader_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  term BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE sign_in_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
`;
