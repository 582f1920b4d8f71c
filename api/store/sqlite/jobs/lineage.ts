import type { Db } from '../db.js';
import { parse, stmt } from '../statements.js';
import type { OutputFile } from './attempts.js';
import type { JobRow } from './job-row.js';

/** How far lineage walks: deeper chains are cut (the answer says so). */
export const LINEAGE_LIMIT = 10_000;

/** Every job this one waits for or takes inputs from, transitively, nearest first; at most `limit`. */
export function ancestorIds(db: Db, id: number, limit = LINEAGE_LIMIT): number[] {
  return stmt<[number, number], { id: number }>(
    db,
    `WITH RECURSIVE up(id, depth) AS (
       SELECT parent_id, 1 FROM job_deps WHERE job_id = ?
       UNION SELECT d.parent_id, up.depth + 1 FROM job_deps d JOIN up ON d.job_id = up.id
     )
     SELECT id FROM up GROUP BY id ORDER BY MIN(depth), id LIMIT ?`,
  )
    .all(id, limit)
    .map((row) => row.id);
}

/** Every job that waits for this one or takes its outputs, transitively, nearest first; at most `limit`. */
export function descendantIds(db: Db, id: number, limit = LINEAGE_LIMIT): number[] {
  return stmt<[number, number], { id: number }>(
    db,
    `WITH RECURSIVE down(id, depth) AS (
       SELECT job_id, 1 FROM job_deps WHERE parent_id = ?
       UNION SELECT d.job_id, down.depth + 1 FROM job_deps d JOIN down ON d.parent_id = down.id
     )
     SELECT id FROM down GROUP BY id ORDER BY MIN(depth), id LIMIT ?`,
  )
    .all(id, limit)
    .map((row) => row.id);
}

/** A job's inputs with the content they named (null where the producer never had that output). */
export function inputFiles(db: Db, row: Pick<JobRow, 'inputs'>): Array<{ job: number; path: string; sha256: string | null; size: number | null }> {
  const output = stmt<[number, string], { sha256: string; size: number }>(db, 'SELECT sha256, size FROM outputs WHERE job_id = ? AND path = ?');
  return parse<Array<{ job: number; path: string }>>(row.inputs).map((input) => {
    const found = output.get(input.job, input.path);
    return { ...input, sha256: found?.sha256 ?? null, size: found?.size ?? null };
  });
}

/** Which attempts uploaded this content (and whether it became their job's output), and which jobs took it as an input. */
export interface ContentUses {
  produced: Array<OutputFile & { job: number; epoch: number; owner: string; promoted: boolean }>;
  used: Array<{ job: number; owner: string; from: number; path: string }>;
}

export function contentUses(db: Db, sha256: string): ContentUses {
  const produced = stmt<[string], OutputFile & { job: number; epoch: number; owner: string; promoted: number }>(
    db,
    `SELECT a.job_id AS job, a.epoch, a.path, a.sha256, a.size, j.owner,
       EXISTS (SELECT 1 FROM outputs o WHERE o.job_id = a.job_id AND o.path = a.path AND o.sha256 = a.sha256 AND j.lease_epoch = a.epoch) AS promoted
     FROM attempt_outputs a JOIN jobs j ON j.id = a.job_id WHERE a.sha256 = ? ORDER BY a.job_id, a.epoch, a.path`,
  ).all(sha256);
  // Only a job's outputs are offered to children: look at the children of the jobs that have this content as one.
  const used = stmt<[string], { job: number; owner: string; from: number; path: string }>(
    db,
    `SELECT c.id AS job, c.owner, o.job_id AS "from", o.path
     FROM outputs o JOIN job_deps d ON d.parent_id = o.job_id JOIN jobs c ON c.id = d.job_id, json_each(c.inputs) i
     WHERE o.sha256 = ? AND json_extract(i.value, '$.job') = o.job_id AND json_extract(i.value, '$.path') = o.path
     ORDER BY c.id, o.job_id, o.path`,
  ).all(sha256);
  return { produced: produced.map((row) => ({ ...row, promoted: row.promoted === 1 })), used };
}
