/**
 * Sites: the compute centre an agent belongs to, fixed at enrollment, and the
 * Bloom filter of the content (sha256s) its own cache and its site's cache
 * hold, as it last reported with a claim (no row: never reported, as agents of
 * earlier releases). The filters (up to 64 KiB each) have their own table so
 * that reading agents, which every request does, never reads them. Agents
 * enrolled before sites existed take the `site` label they offer now, if it
 * names one site.
 */
export const sites = `
ALTER TABLE agents ADD COLUMN site TEXT;
UPDATE agents SET site = json_extract(labels, '$.site') WHERE instr(COALESCE(json_extract(labels, '$.site'), '|'), '|') = 0;

CREATE TABLE agent_content_filters (
  agent_id INTEGER PRIMARY KEY REFERENCES agents (id),
  filter   BLOB NOT NULL
);
`;
