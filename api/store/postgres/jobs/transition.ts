import { assertTransition, canTransition, isTerminal, type JobState } from '../../../../core/states.js';
import type { SetValue } from '../../sqlite/jobs/transition.js';
import type { Fence, JobRow } from '../../store.js';
import type { Sql } from '../sql.js';
import { CLAIMED_COLUMNS, type ClaimedRow } from '../../rows/claimed-row.js';
import { countActive } from '../active-counts.js';

/** The `SET … WHERE …` of a compare-and-swap from `from` to `to` (checked against the transition table); `$1` is the id test's parameter. */
function compareAndSwap(
  target: string,
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue>,
  params: unknown[],
  { fence, returning = '*' }: { fence?: Fence; returning?: string } = {},
): string {
  const sources = (typeof from === 'string' ? [from] : from).filter((state) => canTransition(state, to));
  if (sources.length === 0) assertTransition(typeof from === 'string' ? from : from[0], to);
  params.push(sources, to);
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
  let where = `${target} AND state = ANY($2::text[])`;
  if (fence) {
    params.push(fence.agentId, fence.epoch);
    where += ` AND agent_id = $${params.length - 1} AND lease_epoch = $${params.length}`;
  }
  return `UPDATE jobs SET ${assignments.join(', ')} WHERE ${where} RETURNING ${returning}`;
}

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
  const params: unknown[] = [id];
  const { rows } = await sql.query<JobRow>(compareAndSwap('id = $1', from, to, set, params, { fence }), params);
  const row = rows[0] ?? null;
  if (row && isTerminal(to)) await countActive(sql, row.owner, -1);
  return row;
}

/**
 * `transition` for many jobs in one statement (a claim's whole batch): answers
 * the rows this caller won, in the order of `ids`, as a claim needs them. Unfenced.
 */
export async function transitionAll(
  sql: Sql,
  ids: readonly number[],
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue> = {},
): Promise<ClaimedRow[]> {
  if (ids.length === 0) return [];
  const params: unknown[] = [ids];
  const { rows } = await sql.query<ClaimedRow>(compareAndSwap('id = ANY($1::bigint[])', from, to, set, params, { returning: CLAIMED_COLUMNS }), params);
  if (isTerminal(to)) for (const row of rows) await countActive(sql, row.owner, -1);
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
