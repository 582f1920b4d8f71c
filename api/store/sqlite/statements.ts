import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, prepared once per database: preparing costs more than most of our queries. */
export function stmt<P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as unknown as Statement<P, R>;
}

export const json = (value: unknown): string => JSON.stringify(value);
export { parse } from '../json-column.js';

/**
 * Runs `fn` in an immediate transaction (the write lock taken up front, so two
 * writers never deadlock upgrading), or inside the caller's transaction when
 * one is open. Plain BEGIN/COMMIT statements rather than db.transaction(),
 * whose wrapper costs more to build than a claim costs to run.
 */
export function immediate<R>(db: Db, fn: () => R): R {
  if (db.inTransaction) return fn();
  stmt(db, 'BEGIN IMMEDIATE').run();
  try {
    const result = fn();
    stmt(db, 'COMMIT').run();
    return result;
  } catch (error) {
    if (db.inTransaction) stmt(db, 'ROLLBACK').run();
    throw error;
  }
}
