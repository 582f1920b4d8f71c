import type { Sql } from '../sql.js';

/**
 * The stored log of a job from byte `offset` on, at most `maxBytes`. Chunks are
 * keyed by where they start and follow each other without gaps (append-log
 * writes each at the log's size), so the chunks a page needs are exactly those
 * that end after `offset` and start before `offset + maxBytes`: a page of a long
 * log (the log search walks them all) reads only its own chunks.
 */
export async function readLog(sql: Sql, id: number, offset: number, maxBytes = 8 * 1024 * 1024): Promise<Buffer> {
  const { rows } = await sql.query<{ offset: number; data: Buffer }>(
    'SELECT "offset", data FROM log_chunks WHERE job_id = $1 AND "offset" < $2::bigint + $3::bigint AND "offset" + length(data) > $2 ORDER BY "offset"',
    [id, offset, maxBytes],
  );
  const parts = rows.map((chunk) => chunk.data.subarray(Math.max(0, offset - chunk.offset)));
  return Buffer.concat(parts).subarray(0, maxBytes);
}
