import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';

/**
 * Retention: deletes the log and the output list of up to `batch` jobs that
 * finished before `finishedBefore`, and marks them expired. The job rows stay
 * (they are the provenance); the output files go when the blob collector finds
 * nothing else referencing them. Returns the ids expired; call until empty.
 * Only finished jobs have finished_at, so a running job is never touched.
 */
export function expireFinishedJobs(db: Db, finishedBefore: number, now: number, batch = 500): number[] {
  return immediate(db, () => {
    const ids = stmt<[number, number], { id: number }>(
      db,
      'SELECT id FROM jobs WHERE finished_at IS NOT NULL AND expired_at IS NULL AND finished_at < ? ORDER BY finished_at LIMIT ?',
    )
      .all(finishedBefore, batch)
      .map((row) => row.id);
    for (const id of ids) {
      stmt(db, 'DELETE FROM log_chunks WHERE job_id = ?').run(id);
      stmt(db, 'DELETE FROM outputs WHERE job_id = ?').run(id);
      stmt(db, 'DELETE FROM attempt_outputs WHERE job_id = ?').run(id);
      stmt(db, 'UPDATE jobs SET expired_at = ? WHERE id = ?').run(now, id);
    }
    return ids;
  });
}
