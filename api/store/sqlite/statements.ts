import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

type Cache<T> = WeakMap<Db, Map<string, T>>;

/** What `make` made of this SQL for this database, made once. */
function once<T>(cache: Cache<T>, db: Db, sql: string, make: () => T): T {
  let made = cache.get(db);
  if (!made) {
    made = new Map();
    cache.set(db, made);
  }
  let value = made.get(sql);
  if (value === undefined) {
    value = make();
    made.set(sql, value);
  }
  return value;
}

const prepared: Cache<Statement> = new WeakMap();

/** A prepared statement, prepared once per database: preparing costs more than most of our queries. */
export function stmt<P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
  return once(prepared, db, sql, () => db.prepare(sql)) as unknown as Statement<P, R>;
}

const preparedRaw: Cache<{ statement: Statement; columns: string[] }> = new WeakMap();

/**
 * The rows of a statement as objects, read from SQLite as arrays and made
 * objects here: better-sqlite3 builds a row object column by column under
 * interned names, a cost every one of a claim's 16 rows of 17 columns pays.
 * For the statements of the claim path.
 */
export function allRows<R>(db: Db, sql: string, ...params: unknown[]): R[] {
  const { statement, columns } = once(preparedRaw, db, sql, () => {
    const raw = db.prepare(sql).raw(true);
    return { statement: raw, columns: raw.columns().map((column) => column.name) };
  });
  const arrays = statement.all(...params) as unknown[][];
  const rows = new Array<R>(arrays.length);
  for (let r = 0; r < arrays.length; r++) {
    const values = arrays[r];
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]] = values[c];
    rows[r] = row as R;
  }
  return rows;
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
