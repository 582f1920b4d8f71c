import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Durability: WAL with synchronous=NORMAL (the default here) commits survive a
 * crash or `kill -9` of the server, because the WAL is written before the answer
 * leaves; only an OS crash or power loss can roll back the last few commits.
 * `synchronous: 'full'` fsyncs every commit and closes that window at about a
 * fifth of the write rate (see docs/architecture.md).
 */
export interface DbOptions {
  synchronous?: 'normal' | 'full';
}

export function openDatabase(file: string, options: DbOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache instead of SQLite's 2 MiB: the queue's indexes stay in
  // memory, so claims and state updates do not go back to the file for pages.
  db.pragma('cache_size = -65536');
  migrate(db);
  return db;
}

/**
 * Applies the numbered migrations not yet applied, each in its own immediate
 * transaction. The version is read again under the write lock: another process
 * on the same file (a second replica starting at the same moment) may have
 * applied it meanwhile.
 */
function migrate(db: Db): void {
  const applied = (): number => db.pragma('user_version', { simple: true }) as number;
  const current = applied();
  for (const [index, sql] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (version <= current) continue;
    db.transaction(() => {
      if (applied() >= version) return;
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
