import { BloomFilter } from '../../../core/bloom.js';
import type { ContentItem } from '../../../core/locality.js';
import type { Db } from './db.js';
import { SINCE } from './jobs/age-priorities.js';
import { parse, stmt } from './statements.js';

/** A job's content and when its present wait began: what the locality rule (core/locality.ts) needs of it. */
export interface JobContent {
  content: ContentItem[];
  waitingSince: number;
}

interface ContentRow {
  id: number;
  since: number;
  bundle: string | null;
  bundle_bytes: number | null;
  inputs: string;
}

// Inputs are named by the output they take (job, path); their sha256 and size are the output's.
const INPUTS_OF = (refs: string): string => `(SELECT json_group_array(json_object('sha256', o.sha256, 'bytes', o.size))
  FROM json_each(${refs}) i JOIN outputs o ON o.job_id = json_extract(i.value, '$.job') AND o.path = json_extract(i.value, '$.path'))`;

const contentOf = (row: Omit<ContentRow, 'id' | 'since'>): ContentItem[] => [
  ...(row.bundle !== null && row.bundle_bytes !== null ? [{ sha256: row.bundle, bytes: row.bundle_bytes }] : []),
  ...parse<ContentItem[]>(row.inputs),
];

/** The content (bundle, inputs) of those of these jobs that have any, in one query. */
export function jobContent(db: Db, ids: number[]): Map<number, JobContent> {
  const rows = stmt<[string], ContentRow>(
    db,
    `SELECT j.id, j.since, j.bundle, b.total_bytes AS bundle_bytes, ${INPUTS_OF('j.inputs')} AS inputs
     FROM (SELECT id, ${SINCE} AS since, bundle, inputs FROM jobs
           WHERE id IN (SELECT value FROM json_each(?)) AND (bundle IS NOT NULL OR inputs <> '[]')) j
     LEFT JOIN bundles b ON b.id = j.bundle`,
  ).all(JSON.stringify(ids));
  return new Map(rows.map((row) => [row.id, { content: contentOf(row), waitingSince: row.since }]));
}

/** The content a job of this bundle and these inputs would have: for explain, before anything is submitted. */
export function specContent(db: Db, bundle: string | null, inputs: Array<{ job: number; path: string }>): ContentItem[] {
  const row = stmt<[string | null, string | null, string], Omit<ContentRow, 'id' | 'since'>>(
    db,
    `SELECT ? AS bundle, (SELECT total_bytes FROM bundles WHERE id = ?) AS bundle_bytes, ${INPUTS_OF('?')} AS inputs`,
  ).get(bundle, bundle, JSON.stringify(inputs))!;
  return contentOf(row);
}

/** Keeps the content filter an agent reported with a claim; an unchanged one is not written again. */
export function setContentFilter(db: Db, agentId: number, filter: BloomFilter): void {
  stmt(
    db,
    `INSERT INTO agent_content_filters (agent_id, filter) VALUES (?, ?)
     ON CONFLICT (agent_id) DO UPDATE SET filter = excluded.filter WHERE filter IS NOT excluded.filter`,
  ).run(agentId, filter.toBytes());
}

/** The last content filter of every online agent that reported one, by agent id. */
export function onlineContentFilters(db: Db): Map<number, BloomFilter> {
  const rows = stmt<[], { agent_id: number; filter: Buffer }>(
    db,
    `SELECT f.agent_id, f.filter FROM agent_content_filters f JOIN agents a ON a.id = f.agent_id WHERE a.state = 'online'`,
  ).all();
  return new Map(rows.map((row) => [row.agent_id, BloomFilter.fromBytes(row.filter)]));
}
