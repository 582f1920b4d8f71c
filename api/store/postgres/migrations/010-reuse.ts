/** Reuse of identical work: the twin of SQLite's migration 010 (see api/store/sqlite/migrations/010-reuse.ts). */
export const reuse = `
ALTER TABLE jobs ADD COLUMN reuse_key TEXT;
ALTER TABLE jobs ADD COLUMN reused_from BIGINT REFERENCES jobs (id);
CREATE INDEX jobs_reuse ON jobs (reuse_key) WHERE reuse_key IS NOT NULL;
CREATE INDEX jobs_reused_from ON jobs (reused_from) WHERE reused_from IS NOT NULL;

ALTER TABLE recipes ADD COLUMN reuse BIGINT NOT NULL DEFAULT 0;
ALTER TABLE recipes ADD COLUMN reusable BIGINT NOT NULL DEFAULT 1;

ALTER TABLE agents ADD COLUMN base_digest TEXT;
`;
