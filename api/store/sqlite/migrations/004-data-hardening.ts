/**
 * Data hardening: who holds which content, user lifecycle, revocation, audit.
 *
 * Blobs and bundles belong to the people who brought them. A blob's bytes are
 * stored once, but knowing its hash is not proof of having it: `blob_holders`
 * records who uploaded (or unzipped) each content, and `bundle_holders` who
 * registered each bundle. Bundles registered before this migration belong to
 * their first owner, as do the blobs they list.
 *
 * Users can be disabled and deleted; a deleted user's row stays as a tombstone
 * (deleted_at), so the name is never given to someone else who would then see
 * the old jobs. token_version goes into every user token and is raised to
 * revoke them all at once (password change, disabling, deletion). Signing keys
 * live here, sealed with the server's secret key, so replicas share them and a
 * rotation reaches every replica. The audit table is append-only.
 *
 * Retention marks jobs whose logs and outputs were deleted (expired_at), and
 * bundle_files indexes which bundles list a content, for the blob collector.
 */
export const dataHardening = `
CREATE TABLE blob_holders (
  sha256   TEXT NOT NULL,
  username TEXT NOT NULL,
  PRIMARY KEY (sha256, username)
) WITHOUT ROWID;

CREATE TABLE bundle_holders (
  bundle_id  TEXT NOT NULL REFERENCES bundles (id),
  username   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, username)
) WITHOUT ROWID;

INSERT OR IGNORE INTO bundle_holders (bundle_id, username, created_at) SELECT id, owner, created_at FROM bundles;
INSERT OR IGNORE INTO blob_holders (sha256, username)
  SELECT json_extract(f.value, '$.sha256'), b.owner FROM bundles b, json_each(b.files) f;

-- Which jobs produced a content: for "a job the caller may read brought it" and for the blob collector.
CREATE INDEX outputs_sha256 ON outputs (sha256);

-- Which bundles list a content, so the blob collector asks an index rather than every manifest.
CREATE TABLE bundle_files (
  sha256    TEXT NOT NULL,
  bundle_id TEXT NOT NULL REFERENCES bundles (id),
  PRIMARY KEY (sha256, bundle_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO bundle_files (sha256, bundle_id) SELECT json_extract(f.value, '$.sha256'), b.id FROM bundles b, json_each(b.files) f;

-- Retention: a finished job whose log and outputs were deleted keeps its row, marked with when that happened.
ALTER TABLE jobs ADD COLUMN expired_at INTEGER;
CREATE INDEX jobs_to_expire ON jobs (finished_at) WHERE finished_at IS NOT NULL AND expired_at IS NULL;

ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN deleted_at INTEGER;

ALTER TABLE enrollment_tokens ADD COLUMN revoked_at INTEGER;

CREATE TABLE signing_keys (
  kid        TEXT PRIMARY KEY,
  sealed_key TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE audit (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
`;
