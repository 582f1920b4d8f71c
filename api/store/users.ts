import type { Db } from './db.js';
import { stmt } from './statements.js';

export const ROLES = ['visitor', 'user', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  can_route: number;
  max_active_jobs: number | null;
  active_jobs: number;
  created_at: number;
}

export function getUser(db: Db, username: string): UserRow | undefined {
  return stmt<[string], UserRow>(db, 'SELECT * FROM users WHERE username = ?').get(username);
}

export function countUsers(db: Db): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM users').get()!.n;
}

export function listUsers(db: Db): UserRow[] {
  return stmt<[], UserRow>(db, 'SELECT * FROM users ORDER BY username').all();
}

/**
 * A user's jobs that have not ended (waiting, queued, running or cancelling),
 * as counted where jobs are inserted and end, and the user's own limit (null:
 * the service's default). One row read, however many jobs the user has.
 */
export function activeJobs(db: Db, username: string): { active: number; limit: number | null } {
  const row = stmt<[string], { active_jobs: number; max_active_jobs: number | null }>(
    db,
    'SELECT active_jobs, max_active_jobs FROM users WHERE username = ?',
  ).get(username);
  return { active: row?.active_jobs ?? 0, limit: row?.max_active_jobs ?? null };
}

/** Creates a user; false if the name is taken. */
export function insertUser(db: Db, user: Omit<UserRow, 'created_at' | 'active_jobs'>, now: number): boolean {
  return (
    stmt(db, 'INSERT OR IGNORE INTO users (username, password_hash, role, can_route, max_active_jobs, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      user.username,
      user.password_hash,
      user.role,
      user.can_route,
      user.max_active_jobs,
      now,
    ).changes === 1
  );
}
