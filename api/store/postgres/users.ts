import type { UserChange, UserRow } from '../store.js';
import { unwrittenActiveCount } from './active-counts.js';
import type { Sql } from './sql.js';

/** A user that was not deleted (deleted users stay as tombstones, so their names are never reused). */
export async function getUser(sql: Sql, username: string): Promise<UserRow | undefined> {
  return (await sql.query<UserRow>('SELECT * FROM users WHERE username = $1 AND deleted_at IS NULL', [username])).rows[0];
}

/** Every name ever taken, deleted ones included: bootstrap creates the first admin only on an empty table. */
export async function countUsers(sql: Sql): Promise<number> {
  return (await sql.query<{ n: number }>('SELECT count(*) AS n FROM users')).rows[0].n;
}

export async function listUsers(sql: Sql): Promise<UserRow[]> {
  return (await sql.query<UserRow>('SELECT * FROM users WHERE deleted_at IS NULL ORDER BY username')).rows;
}

/** A user's jobs that have not ended, as counted where jobs are inserted and end, and the user's own limit (null: the service's default). */
export async function activeJobs(sql: Sql, username: string): Promise<{ active: number; limit: number | null }> {
  const row = (
    await sql.query<{ active_jobs: number; max_active_jobs: number | null }>('SELECT active_jobs, max_active_jobs FROM users WHERE username = $1', [
      username,
    ])
  ).rows[0];
  return { active: Number(row?.active_jobs ?? 0) + unwrittenActiveCount(sql, username), limit: row?.max_active_jobs ?? null };
}

/** Creates a user; false if the name is taken, now or ever before. */
export async function insertUser(
  sql: Sql,
  user: Pick<UserRow, 'username' | 'password_hash' | 'role' | 'can_route' | 'max_active_jobs'>,
  now: number,
): Promise<boolean> {
  const result = await sql.query(
    `INSERT INTO users (username, password_hash, role, can_route, max_active_jobs, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [user.username, user.password_hash, user.role, user.can_route, user.max_active_jobs, now],
  );
  return result.rowCount === 1;
}

/**
 * Applies a change to a live user. A new password or disabling raises the
 * token version, so every token issued before stops at its next request.
 */
export async function updateUser(sql: Sql, username: string, change: UserChange): Promise<boolean> {
  const revoke = change.passwordHash !== undefined || change.disabled === true;
  const result = await sql.query(
    `UPDATE users SET role = COALESCE($2, role), can_route = COALESCE($3, can_route), disabled = COALESCE($4, disabled),
       max_active_jobs = CASE WHEN $5 THEN $6 ELSE max_active_jobs END,
       password_hash = COALESCE($7, password_hash), token_version = token_version + $8
     WHERE username = $1 AND deleted_at IS NULL`,
    [
      username,
      change.role ?? null,
      change.canRoute === undefined ? null : Number(change.canRoute),
      change.disabled === undefined ? null : Number(change.disabled),
      change.maxActiveJobs !== undefined,
      change.maxActiveJobs ?? null,
      change.passwordHash ?? null,
      Number(revoke),
    ],
  );
  return result.rowCount === 1;
}

/** Deletes a user: the row stays as a tombstone without a password, its tokens stop, its jobs stay. */
export async function deleteUser(sql: Sql, username: string, now: number): Promise<boolean> {
  const result = await sql.query(
    `UPDATE users SET deleted_at = $2, password_hash = '', token_version = token_version + 1 WHERE username = $1 AND deleted_at IS NULL`,
    [username, now],
  );
  return result.rowCount === 1;
}

/** Admins that can still sign in: the last of them may not be demoted, disabled or deleted. */
export async function countActiveAdmins(sql: Sql): Promise<number> {
  return (await sql.query<{ n: number }>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND deleted_at IS NULL`)).rows[0].n;
}

/** Replaces a password hash if it is still `previous` (a password changed meanwhile wins). */
export async function setPasswordHash(sql: Sql, username: string, previous: string, hash: string): Promise<boolean> {
  const result = await sql.query('UPDATE users SET password_hash = $3 WHERE username = $1 AND password_hash = $2', [username, previous, hash]);
  return result.rowCount === 1;
}
