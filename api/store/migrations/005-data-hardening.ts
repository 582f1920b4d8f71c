/**
 * Blobs and bundles belong to the people who brought them. A blob's bytes are
 * stored once, but knowing its hash is not proof of having it: `blob_holders`
 * records who uploaded (or unzipped) each content, and `bundle_holders` who
 * registered each bundle. Bundles registered before this migration belong to
 * their first owner, as do the blobs they list.
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
`;
