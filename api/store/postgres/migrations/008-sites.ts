/**
 * Sites (SQLite's migration 008, in PostgreSQL's words): an agent's site,
 * fixed at enrollment, and the Bloom filter of the content its own cache and
 * its site's cache hold, as it last reported with a claim (no row: never
 * reported). The filters (up to 64 KiB each) have their own table so that
 * reading agents, which every request does, never reads them. Agents enrolled
 * before sites existed take the `site` label they offer now, if it names one
 * site (a value with `|` names several).
 */
export const sites = `
ALTER TABLE agents ADD COLUMN site TEXT COLLATE "C";
UPDATE agents SET site = labels::json ->> 'site' WHERE strpos(COALESCE(labels::json ->> 'site', '|'), '|') = 0;

CREATE TABLE agent_content_filters (
  agent_id BIGINT PRIMARY KEY REFERENCES agents (id),
  filter   BYTEA NOT NULL
);
`;
