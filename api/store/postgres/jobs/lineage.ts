import { parse } from '../../json-column.js';
import { LINEAGE_LIMIT, type ContentUses, type JobRow } from '../../store.js';
import type { Sql } from '../sql.js';

/** Every job this one waits for or takes inputs from, transitively, nearest first; at most `limit`. */
export async function ancestorIds(sql: Sql, id: number, limit = LINEAGE_LIMIT): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT parent_id, 1 FROM job_deps WHERE job_id = $1
       UNION SELECT d.parent_id, up.depth + 1 FROM job_deps d JOIN up ON d.job_id = up.id
     )
     SELECT id FROM up GROUP BY id ORDER BY MIN(depth), id LIMIT $2`,
    [id, limit],
  );
  return rows.map((row) => row.id);
}

/** Every job that waits for this one or takes its outputs, transitively, nearest first; at most `limit`. */
export async function descendantIds(sql: Sql, id: number, limit = LINEAGE_LIMIT): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    `WITH RECURSIVE down(id, depth) AS (
       SELECT job_id, 1 FROM job_deps WHERE parent_id = $1
       UNION SELECT d.job_id, down.depth + 1 FROM job_deps d JOIN down ON d.parent_id = down.id
     )
     SELECT id FROM down GROUP BY id ORDER BY MIN(depth), id LIMIT $2`,
    [id, limit],
  );
  return rows.map((row) => row.id);
}

/** A job's inputs with the content they named (null where the producer never had that output), in the order the job lists them. */
export async function inputFiles(sql: Sql, row: Pick<JobRow, 'inputs'>): Promise<Array<{ job: number; path: string; sha256: string | null; size: number | null }>> {
  const inputs = parse<Array<{ job: number; path: string }>>(row.inputs);
  const { rows } = await sql.query<{ job_id: number; path: string; sha256: string; size: number }>(
    `SELECT o.job_id, o.path, o.sha256, o.size FROM outputs o
     JOIN unnest($1::bigint[], $2::text[]) AS i (job_id, path) ON o.job_id = i.job_id AND o.path = i.path`,
    [inputs.map((input) => input.job), inputs.map((input) => input.path)],
  );
  const found = new Map(rows.map((o) => [`${o.job_id}\0${o.path}`, o]));
  return inputs.map((input) => {
    const output = found.get(`${input.job}\0${input.path}`);
    return { ...input, sha256: output?.sha256 ?? null, size: output?.size ?? null };
  });
}

/** Which attempts uploaded this content (and whether it became their job's output), and which jobs took it as an input. */
export async function contentUses(sql: Sql, sha256: string): Promise<ContentUses> {
  const produced = await sql.query<ContentUses['produced'][number]>(
    `SELECT a.job_id AS job, a.epoch, a.path, a.sha256, a.size, j.owner,
       EXISTS (SELECT 1 FROM outputs o WHERE o.job_id = a.job_id AND o.path = a.path AND o.sha256 = a.sha256 AND j.lease_epoch = a.epoch) AS promoted
     FROM attempt_outputs a JOIN jobs j ON j.id = a.job_id WHERE a.sha256 = $1 ORDER BY a.job_id, a.epoch, a.path`,
    [sha256],
  );
  // Only a job's outputs are offered to children: look at the children of the jobs that have this content as one.
  const used = await sql.query<ContentUses['used'][number]>(
    `SELECT c.id AS job, c.owner, o.job_id AS "from", o.path
     FROM outputs o JOIN job_deps d ON d.parent_id = o.job_id JOIN jobs c ON c.id = d.job_id,
       jsonb_array_elements(c.inputs::jsonb) AS i
     WHERE o.sha256 = $1 AND (i ->> 'job')::bigint = o.job_id AND i ->> 'path' = o.path
     ORDER BY c.id, o.job_id, o.path`,
    [sha256],
  );
  return { produced: produced.rows, used: used.rows };
}
