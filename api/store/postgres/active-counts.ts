import type { Sql } from './sql.js';

/**
 * The owners' counts of active jobs (the quota), which every insert raises and
 * every final transition lowers. One owner's row is the hottest row of the
 * store: changed in place, its lock was held until commit across the rest of
 * each transaction, so one owner's finishes ran one at a time and none while a
 * batch of 1,000 was being inserted. The changes of a transaction are therefore
 * gathered and written just before it commits, one UPDATE per owner in name
 * order (two transactions cannot deadlock on them), so each lock is held for
 * one statement and the commit. Outside a transaction a change is written at once.
 */
const gathered = new WeakMap<Sql, Map<string, number>>();

/** A transaction on `sql` begins: its count changes wait for `writeActiveCounts`. */
export function gatherActiveCounts(sql: Sql): void {
  gathered.set(sql, new Map());
}

export async function countActive(sql: Sql, owner: string, change: number): Promise<void> {
  const changes = gathered.get(sql);
  if (changes) changes.set(owner, (changes.get(owner) ?? 0) + change);
  else await sql.query('UPDATE users SET active_jobs = active_jobs + $1 WHERE username = $2', [change, owner]);
}

/** What this transaction has changed the owner's count by so far, not yet written. */
export const unwrittenActiveCount = (sql: Sql, owner: string): number => gathered.get(sql)?.get(owner) ?? 0;

/** Just before the commit: the gathered changes, written. */
export async function writeActiveCounts(sql: Sql): Promise<void> {
  const changes = gathered.get(sql);
  gathered.delete(sql);
  if (!changes) return;
  const owners = [...changes.keys()].filter((owner) => changes.get(owner) !== 0).sort();
  for (const owner of owners) await sql.query('UPDATE users SET active_jobs = active_jobs + $1 WHERE username = $2', [changes.get(owner), owner]);
}

/** The transaction rolled back: what it gathered is dropped. */
export function dropActiveCounts(sql: Sql): void {
  gathered.delete(sql);
}
