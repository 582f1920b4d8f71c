import type { Db } from './db.js';
import { immediate, stmt } from './statements.js';

/** Times of the key's failed sign-ins since `since`, newest first, at most `limit`. */
export function recentSignInFailures(db: Db, key: string, since: number, limit: number): number[] {
  return stmt<[string, number, number], { at: number }>(db, 'SELECT at FROM sign_in_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?')
    .all(key, since, limit)
    .map((row) => row.at);
}

export function recordSignInFailure(db: Db, keys: readonly string[], at: number): void {
  const insert = stmt(db, 'INSERT INTO sign_in_failures (key, at) VALUES (?, ?)');
  immediate(db, () => {
    for (const key of keys) insert.run(key, at);
  });
}

export function forgetSignInFailures(db: Db, key: string): void {
  stmt(db, 'DELETE FROM sign_in_failures WHERE key = ?').run(key);
}

/** Drops failures older than every window: the table holds only what can still count. */
export function pruneSignInFailures(db: Db, before: number): number {
  return stmt(db, 'DELETE FROM sign_in_failures WHERE at <= ?').run(before).changes;
}
