import type { Db } from './db.js';
import { stmt } from './statements.js';

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

/** Spends one use of an enrollment token; false when it is unknown, used up or expired. */
export function spendEnrollmentToken(db: Db, tokenHash: string, now: number): boolean {
  return (
    stmt(db, 'UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE token_hash = ? AND uses_left > 0 AND expires_at > ?').run(
      tokenHash,
      now,
    ).changes === 1
  );
}
