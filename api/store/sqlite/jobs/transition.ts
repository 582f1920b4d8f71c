import { assertTransition, canTransition, isTerminal, type JobState } from '../../../../core/states.js';
import type { Db } from '../db.js';
import { stmt } from '../statements.js';
import type { JobRow } from './job-row.js';

/** A value to set, or a SQL expression over the row's own columns (`lease_epoch + 1`). */
export type SetValue = string | number | null | { expr: string };

/** Guards an agent's write: only the lease holder of this attempt may change the job. */
export interface Fence {
  agentId: number;
  epoch: number;
}

/**
 * The only way a job's state changes: a compare-and-swap
 * `UPDATE jobs SET state = to … WHERE id = ? AND state IN (from…) [AND lease holder]`,
 * checked first against the transition table. Answers the changed row when this
 * caller won the race (exactly one row changed), else null; the row comes back
 * from the UPDATE itself, so no second read is needed. A job that ends leaves
 * its owner's count of active jobs (the quota, which insert-job counts up).
 */
export function transition(
  db: Db,
  id: number,
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue> = {},
  fence?: Fence,
): JobRow | null {
  const sources = (typeof from === 'string' ? [from] : from).filter((state) => canTransition(state, to));
  if (sources.length === 0) assertTransition(typeof from === 'string' ? from : from[0], to);
  const params: Record<string, string | number | null> = { id, to };
  const assignments = ['state = @to'];
  for (const [column, value] of Object.entries(set)) {
    if (!/^[a-z_]+$/.test(column)) throw new Error(`bad column ${column}`);
    if (value !== null && typeof value === 'object') {
      assignments.push(`${column} = ${value.expr}`);
    } else {
      assignments.push(`${column} = @${column}`);
      params[column] = value;
    }
  }
  let where = `id = @id AND state IN (${sources.map((s) => `'${s}'`).join(', ')})`;
  if (fence) {
    where += ' AND agent_id = @agentId AND lease_epoch = @epoch';
    params.agentId = fence.agentId;
    params.epoch = fence.epoch;
  }
  const row = stmt<[typeof params], JobRow>(db, `UPDATE jobs SET ${assignments.join(', ')} WHERE ${where} RETURNING *`).get(params) ?? null;
  if (row && isTerminal(to)) stmt(db, 'UPDATE users SET active_jobs = active_jobs - 1 WHERE username = ?').run(row.owner);
  return row;
}
