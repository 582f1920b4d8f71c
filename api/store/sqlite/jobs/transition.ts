import { assertTransition, canTransition, isTerminal, type JobState } from '../../../../core/states.js';
import type { Db } from '../db.js';
import { allRows, stmt } from '../statements.js';
import type { JobRow } from './job-row.js';
import { CLAIMED_COLUMNS, type ClaimedRow } from '../../rows/claimed-row.js';

/** A value to set, or a SQL expression over the row's own columns (`lease_epoch + 1`). */
export type SetValue = string | number | null | { expr: string };

/** Guards an agent's write: only the lease holder of this attempt may change the job. */
export interface Fence {
  agentId: number;
  epoch: number;
}

/** The `SET … WHERE …` of a compare-and-swap from `from` to `to`, checked against the transition table; `target` is the id test. */
function compareAndSwap(
  target: string,
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue>,
  params: Record<string, string | number | null>,
  { fence, returning = '*' }: { fence?: Fence; returning?: string } = {},
): string {
  const sources = (typeof from === 'string' ? [from] : from).filter((state) => canTransition(state, to));
  if (sources.length === 0) assertTransition(typeof from === 'string' ? from : from[0], to);
  params.to = to;
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
  let where = `${target} AND state IN (${sources.map((s) => `'${s}'`).join(', ')})`;
  if (fence) {
    where += ' AND agent_id = @agentId AND lease_epoch = @epoch';
    params.agentId = fence.agentId;
    params.epoch = fence.epoch;
  }
  return `UPDATE jobs SET ${assignments.join(', ')} WHERE ${where} RETURNING ${returning}`;
}

/** A job that ends leaves its owner's count of active jobs (the quota, which insert-job counts up). */
function leaveActiveCounts(db: Db, rows: ReadonlyArray<Pick<JobRow, 'owner'>>): void {
  const ended = new Map<string, number>();
  for (const row of rows) ended.set(row.owner, (ended.get(row.owner) ?? 0) + 1);
  for (const [owner, count] of ended) stmt(db, 'UPDATE users SET active_jobs = active_jobs - ? WHERE username = ?').run(count, owner);
}

/**
 * The only way a job's state changes: a compare-and-swap
 * `UPDATE jobs SET state = to … WHERE id = ? AND state IN (from…) [AND lease holder]`,
 * checked first against the transition table. Answers the changed row when this
 * caller won the race (exactly one row changed), else null; the row comes back
 * from the UPDATE itself, so no second read is needed.
 */
export function transition(
  db: Db,
  id: number,
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue> = {},
  fence?: Fence,
): JobRow | null {
  const params: Record<string, string | number | null> = { id };
  const row = stmt<[typeof params], JobRow>(db, compareAndSwap('id = @id', from, to, set, params, { fence })).get(params) ?? null;
  if (row && isTerminal(to)) leaveActiveCounts(db, [row]);
  return row;
}

/**
 * `transition` for many jobs in one statement (a claim's whole batch): answers
 * the rows this caller won, in the order of `ids`, as a claim needs them. Unfenced.
 */
export function transitionAll(db: Db, ids: readonly number[], from: JobState | readonly JobState[], to: JobState, set: Record<string, SetValue> = {}): ClaimedRow[] {
  if (ids.length === 0) return [];
  const params: Record<string, string | number | null> = { ids: JSON.stringify(ids) };
  const won = allRows<ClaimedRow>(db, compareAndSwap('id IN (SELECT value FROM json_each(@ids))', from, to, set, params, { returning: CLAIMED_COLUMNS }), params);
  if (isTerminal(to)) leaveActiveCounts(db, won);
  const order = new Map(ids.map((id, i) => [id, i]));
  return won.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** What a finish answers of a job it changed. */
export type FinishedRow = Pick<JobRow, 'id' | 'owner' | 'state'>;

/**
 * `transition` for the attempts of one agent in one statement (the success
 * reports of a claim), each fenced like `transition` by the agent and the
 * attempt's epoch (`epochs`: job id → epoch). Answers the rows this caller won,
 * only the columns a finish needs (each returned column is made a JavaScript value).
 */
export function transitionHeld(
  db: Db,
  agentId: number,
  epochs: ReadonlyMap<number, number>,
  from: JobState | readonly JobState[],
  to: JobState,
  set: Record<string, SetValue> = {},
): FinishedRow[] {
  if (epochs.size === 0) return [];
  const params: Record<string, string | number | null> = { epochs: JSON.stringify(Object.fromEntries(epochs)), agentId };
  // `+agent_id`: the reported jobs are read by id, not by walking every lease the agent holds (jobs_leases).
  const target = `id IN (SELECT CAST(key AS INTEGER) FROM json_each(@epochs)) AND +agent_id = @agentId AND lease_epoch = @epochs ->> ('$."' || id || '"')`;
  const won = allRows<FinishedRow>(db, compareAndSwap(target, from, to, set, params, { returning: 'id, owner, state' }), params);
  if (isTerminal(to)) leaveActiveCounts(db, won);
  return won;
}
