import { assertTransition, canTransition, isTerminal, type JobState } from '../../../../core/states.js';
import type { SetValue } from '../../sqlite/jobs/transition.js';
import type { Fence, JobRow } from '../../store.js';
import type { Sql } from '../sql.js';
import { countActive } from '../active-counts.js';

/**
 * The only way a job's state changes: a compare-and-swap
 * `UPDATE jobs SET state = to … WHERE id = $1 AND state = ANY(from) [AND lease holder]`,
 * checked first against the transition table. Answers the changed row when this
 * caller won the race (exactly one row changed), else null. Under READ COMMITTED
 * a concurrent writer's change is waited for and the condition checked again on
 * the row it left, so of two racing callers exactly one wins. A job that ends
 * leaves its owner's count of active jobs (the quota, which insert-job counts up).
 */
export async function transition(
  sql: Sql,
  id: number,
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue> = {},
  fence?: Fence,
): Promise<JobRow | null> {
  const sources = (typeof from === 'string' ? [from] : from).filter((state) => canTransition(state, to));
  if (sources.length === 0) assertTransition(typeof from === 'string' ? from : from[0], to);
  const params: unknown[] = [id, sources, to];
  const assignments = ['state = $3'];
  for (const [column, value] of Object.entries(set)) {
    if (!/^[a-z_]+$/.test(column)) throw new Error(`bad column ${column}`);
    if (value !== null && typeof value === 'object') {
      assignments.push(`${column} = ${value.expr}`);
    } else {
      params.push(value);
      assignments.push(`${column} = $${params.length}`);
    }
  }
  let where = 'id = $1 AND state = ANY($2::text[])';
  if (fence) {
    params.push(fence.agentId, fence.epoch);
    where += ` AND agent_id = $${params.length - 1} AND lease_epoch = $${params.length}`;
  }
  const { rows } = await sql.query<JobRow>(`UPDATE jobs SET ${assignments.join(', ')} WHERE ${where} RETURNING *`, params);
  const row = rows[0] ?? null;
  if (row && isTerminal(to)) await countActive(sql, row.owner, -1);
  return row;
}
