/**
 * Several replicas of the service on one database (issue 13).
 *
 * `leader_lease`: one row per duty that only one replica at a time may do (the
 * sweeper: lease expiry, aging, housekeeping). A replica holds the duty while
 * its row names it and `expires_at` (by the database's clock) is ahead; `term`
 * goes up at every change of holder, so log lines and tests can tell holders
 * apart. SQLite runs in one process and simply always holds it.
 *
 * `sign_in_failures`: failed sign-ins per key (user and address, address, or
 * everyone) with their time, so every replica counts the same failures.
 */
export const replicas = `
CREATE TABLE leader_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  term INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE sign_in_failures (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
`;
