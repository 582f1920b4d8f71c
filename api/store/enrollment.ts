import type { Db } from './db.js';
import { stmt } from './statements.js';

export interface EnrollmentTokenRecord {
  id: number;
  usesLeft: number;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
}

export function insertEnrollmentToken(db: Db, tokenHash: string, uses: number, expiresAt: number, createdBy: string, now: number): number {
  return Number(
    stmt(db, 'INSERT INTO enrollment_tokens (token_hash, uses_left, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(
      tokenHash,
      uses,
      expiresAt,
      createdBy,
      now,
    ).lastInsertRowid,
  );
}

/** Spends one use of an enrollment token; false when it is unknown, used up, expired or revoked. */
export function spendEnrollmentToken(db: Db, tokenHash: string, now: number): boolean {
  return (
    stmt(
      db,
      'UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE token_hash = ? AND uses_left > 0 AND expires_at > ? AND revoked_at IS NULL',
    ).run(tokenHash, now).changes === 1
  );
}

/** Every enrollment token, newest first; the hashes stay in the database. */
export function listEnrollmentTokens(db: Db): EnrollmentTokenRecord[] {
  return stmt<[], EnrollmentTokenRecord>(
    db,
    `SELECT id, uses_left AS usesLeft, expires_at AS expiresAt, created_by AS createdBy, created_at AS createdAt, revoked_at AS revokedAt
     FROM enrollment_tokens ORDER BY id DESC`,
  ).all();
}

/** Revokes a token (agents it already enrolled keep their own credentials); false when unknown or revoked before. */
export function revokeEnrollmentToken(db: Db, id: number, now: number): boolean {
  return stmt(db, 'UPDATE enrollment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1;
}
