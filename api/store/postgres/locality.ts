import { BloomFilter } from '../../../core/bloom.js';
import type { ContentItem } from '../../../core/locality.js';
import type { JobContent } from '../store.js';
import { SINCE } from './jobs/age-priorities.js';
import type { Sql } from './sql.js';

interface ContentRow {
  bundle: string | null;
  bundle_bytes: number | null;
  /** The inputs' content; the driver parses the json. */
  inputs: ContentItem[];
}

// Inputs are named by the output they take (job, path); their sha256 and size are the output's, in the inputs' order.
const INPUTS_OF = (refs: string): string => `(SELECT COALESCE(json_agg(json_build_object('sha256', o.sha256, 'bytes', o.size) ORDER BY i.n), '[]')
  FROM json_array_elements(${refs}) WITH ORDINALITY AS i (ref, n)
  JOIN outputs o ON o.job_id = (i.ref ->> 'job')::bigint AND o.path = i.ref ->> 'path')`;

const contentOf = (row: ContentRow): ContentItem[] => [
  ...(row.bundle !== null && row.bundle_bytes !== null ? [{ sha256: row.bundle, bytes: row.bundle_bytes }] : []),
  ...row.inputs,
];

/** The content (bundle, inputs) of those of these jobs that have any, in one query. */
export async function jobContent(sql: Sql, ids: number[]): Promise<Map<number, JobContent>> {
  const { rows } = await sql.query<ContentRow & { id: number; since: number }>(
    `SELECT j.id, j.since, j.bundle, b.total_bytes AS bundle_bytes, ${INPUTS_OF('j.inputs::json')} AS inputs
     FROM (SELECT id, ${SINCE} AS since, bundle, inputs FROM jobs
           WHERE id = ANY($1::bigint[]) AND (bundle IS NOT NULL OR inputs <> '[]')) j
     LEFT JOIN bundles b ON b.id = j.bundle`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { content: contentOf(row), waitingSince: row.since }]));
}

/** The content a job of this bundle and these inputs would have: for explain, before anything is submitted. */
export async function specContent(sql: Sql, bundle: string | null, inputs: Array<{ job: number; path: string }>): Promise<ContentItem[]> {
  const { rows } = await sql.query<ContentRow>(
    `SELECT $1::text AS bundle, (SELECT total_bytes FROM bundles WHERE id = $1) AS bundle_bytes, ${INPUTS_OF('$2::json')} AS inputs`,
    [bundle, JSON.stringify(inputs)],
  );
  return contentOf(rows[0]);
}

/** Keeps the content filter an agent reported with a claim; an unchanged one is not written again. */
export async function setContentFilter(sql: Sql, agentId: number, filter: BloomFilter): Promise<void> {
  await sql.query(
    `INSERT INTO agent_content_filters (agent_id, filter) VALUES ($1, $2)
     ON CONFLICT (agent_id) DO UPDATE SET filter = excluded.filter WHERE agent_content_filters.filter IS DISTINCT FROM excluded.filter`,
    [agentId, filter.toBytes()],
  );
}

/** The last content filter of every online agent that reported one, by agent id. */
export async function onlineContentFilters(sql: Sql): Promise<Map<number, BloomFilter>> {
  const { rows } = await sql.query<{ agent_id: number; filter: Buffer }>(
    `SELECT f.agent_id, f.filter FROM agent_content_filters f JOIN agents a ON a.id = f.agent_id WHERE a.state = 'online'`,
  );
  return new Map(rows.map((row) => [row.agent_id, BloomFilter.fromBytes(row.filter)]));
}
