import { initial } from './006-initial.js';
import { attempts } from './007-attempts.js';
import { sites } from './008-sites.js';
import { replicas } from './009-replicas.js';
import { reuse } from './010-reuse.js';
import { batchKeys } from './012-batch-keys.js';

export interface Migration {
  /** The SQLite migration number this one matches: the two lists number the same change alike. */
  version: number;
  sql: string;
}

/**
 * Applied in order; `schema_migrations` records which a database has. Append
 * only. Version 6 is SQLite's 001–006 in one; each later change to the SQLite
 * schema gets its PostgreSQL twin here, under the same number.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 6, sql: initial },
  { version: 7, sql: attempts },
  { version: 8, sql: sites },
  { version: 9, sql: replicas },
  { version: 10, sql: reuse },
  // SQLite's 011 (indexes of its claim path) has no twin: PostgreSQL keeps its own.
  { version: 12, sql: batchKeys },
];
