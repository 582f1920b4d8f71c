import type { Sql } from '../sql.js';

/**
 * Retention: deletes the log and the output list of up to `batch` jobs that
 * finished before `finishedBefore`, and marks them expired. The job rows stay
 * (they are the provenance); the output files go when the blob collector finds
 * nothing else referencing them. Returns the ids expired; call until empty.
 * Only finished jobs have finished_at, so a running job is never touched.
 */
export async function expireFinishedJobs(sql: Sql, finishedBefore: number, now: number, batch = 500): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    'SELECT id FROM jobs WHERE finished_at IS NOT NULL AND expired_at IS NULL AND finished_at < $1 ORDER BY finished_at LIMIT $2 FOR NO KEY UPDATE',
    [finishedBefore, batch],
  );
  const ids = rows.map((row) => row.id);
  await sql.query('UPDATE jobs SET expired_at = $2 WHERE id = ANY($1::bigint[])', [ids, now]);
  await sql.query('DELETE FROM log_chunks WHERE job_id = ANY($1::bigint[])', [ids]);
  await sql.query('DELETE FROM outputs WHERE job_id = ANY($1::bigint[])', [ids]);
  await sql.query('DELETE FROM attempt_outputs WHERE job_id = ANY($1::bigint[])', [ids]);
  return ids;
}
