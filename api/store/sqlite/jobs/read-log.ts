import type { Db } from '../db.js';
import { stmt } from '../statements.js';

/** The stored log of a job from byte `offset` on (chunks are keyed by where they start). */
export function readLog(db: Db, id: number, offset: number, maxBytes = 8 * 1024 * 1024): Buffer {
  // Iterated, not read whole: a page of a long log (the log search walks them all) reads only its own chunks.
  const chunks = stmt<[number, number], { offset: number; data: Buffer }>(
    db,
    'SELECT offset, data FROM log_chunks WHERE job_id = ? AND offset + length(data) > ? ORDER BY offset',
  ).iterate(id, offset);
  const parts: Buffer[] = [];
  let size = 0;
  for (const chunk of chunks) {
    const part = chunk.data.subarray(Math.max(0, offset - chunk.offset));
    parts.push(part);
    size += part.length;
    if (size >= maxBytes) break;
  }
  return Buffer.concat(parts).subarray(0, maxBytes);
}
