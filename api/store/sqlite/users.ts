import type { Role } from '../roles.js';
import type { Db } from './db.js';
import { stmt } from './statements.js';


export interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  can_route: number;
  disabled: number;
  max_active_jobs: number | null;
  active_jobs: number;
  /** Raised to revoke every token issued before; user tokens carry it as `tv`. */
  token_version: number;
  created_at: number;
}

/** A user that was not deleted (deleted users stay as tombstones, so their names are never reused). */
export function getUser(db: Db, username: string): UserRow | undefined {
  return stmt<[string], UserRow>(db, 'SELECT * FROM users WHERE username = ? AND deleted_at IS NULL').get(username);
}

/** Every name ever taken, deleted ones included: bootstrap creates the first admin only on an empty table. */
export function countUsers(db: Db): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM users').get()!.n;
}

export function listUsers(db: Db): UserRow[] {
  return stmt<[], UserRow>(db, 'SELECT * FROM users WHERE deleted_at IS NULL ORDER BY username').all();
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

/** Creates a user; false if the name is taken, now or ever before. */
export function insertUser(db: Db, user: Pick<UserRow, 'username' | 'password_hash' | 'role' | 'can_route' | 'max_active_jobs'>, now: number): boolean {
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

export interface UserChange {
  role?: Role;
  canRoute?: boolean;
  disabled?: boolean;
  /** null lifts the limit; undefined leaves it. */
  maxActiveJobs?: number | null;
  passwordHash?: string;
}

/**
 * Applies a change to a live user. A new password or disabling raises the
 * token version, so every token issued before stops at its next request.
 */
export function updateUser(db: Db, username: string, change: UserChange): boolean {
  const revoke = change.passwordHash !== undefined || change.disabled === true;
  return (
    stmt(
      db,
      `UPDATE users SET role = COALESCE(@role, role), can_route = COALESCE(@canRoute, can_route), disabled = COALESCE(@disabled, disabled),
         max_active_jobs = CASE WHEN @setLimit THEN @maxActiveJobs ELSE max_active_jobs END,
         password_hash = COALESCE(@passwordHash, password_hash), token_version = token_version + @revoke
       WHERE username = @username AND deleted_at IS NULL`,
    ).run({
      username,
      role: change.role ?? null,
      canRoute: change.canRoute === undefined ? null : Number(change.canRoute),
      disabled: change.disabled === undefined ? null : Number(change.disabled),
      setLimit: Number(change.maxActiveJobs !== undefined),
      maxActiveJobs: change.maxActiveJobs ?? null,
      passwordHash: change.passwordHash ?? null,
      revoke: Number(revoke),
    }).changes === 1
  );
}

/** Deletes a user: the row stays as a tombstone without a password, its tokens stop, its jobs stay. */
export function deleteUser(db: Db, username: string, now: number): boolean {
  return (
    stmt(db, `UPDATE users SET deleted_at = ?, password_hash = '', token_version = token_version + 1 WHERE username = ? AND deleted_at IS NULL`).run(
      now,
      username,
    ).changes === 1
  );
}

/** Admins that can still sign in: the last of them may not be demoted, disabled or deleted. */
export function countActiveAdmins(db: Db): number {
  return stmt<[], { n: number }>(db, `SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND deleted_at IS NULL`).get()!.n;
}

/** Replaces a password hash if it is still `previous` (a password changed meanwhile wins). */
export function setPasswordHash(db: Db, username: string, previous: string, hash: string): boolean {
  return stmt(db, 'UPDATE users SET password_hash = ? WHERE username = ? AND password_hash = ?').run(hash, username, previous).changes === 1;
}
