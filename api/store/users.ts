import type { Db } from './db.js';
import { stmt } from './statements.js';

export const ROLES = ['visitor', 'user', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  can_route: number;
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

/** Creates a user; false if the name is taken. */
export function insertUser(db: Db, user: Omit<UserRow, 'created_at'>, now: number): boolean {
  return (
    stmt(db, 'INSERT OR IGNORE INTO users (username, password_hash, role, can_route, created_at) VALUES (?, ?, ?, ?, ?)').run(
      user.username,
      user.password_hash,
      user.role,
      user.can_route,
      now,
    ).changes === 1
  );
}

/** Replaces a password hash if it is still `previous` (a password changed meanwhile wins). */
export function setPasswordHash(db: Db, username: string, previous: string, hash: string): boolean {
  return stmt(db, 'UPDATE users SET password_hash = ? WHERE username = ? AND password_hash = ?').run(hash, username, previous).changes === 1;
}
