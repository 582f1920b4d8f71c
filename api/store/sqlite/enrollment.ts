import type { Bound } from '../../../core/bounds.js';
import { BOUND_COLUMNS, boundOf, tokenFromRow, type BoundColumns, type EnrollmentTokenRecord, type EnrollmentTokenRow } from '../rows/enrollment.js';
import type { Db } from './db.js';
import { json, stmt } from './statements.js';

export type { EnrollmentTokenRecord };

export function insertEnrollmentToken(
  db: Db,
  token: { hash: string; uses: number; expiresAt: number; bound: Bound },
  createdBy: string,
  now: number,
): number {
  const { hash, uses, expiresAt, bound } = token;
  return Number(
    stmt(db, `INSERT INTO enrollment_tokens (token_hash, uses_left, expires_at, created_by, created_at, ${BOUND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      hash,
      uses,
      expiresAt,
      createdBy,
      now,
      bound.labels === null ? null : json(bound.labels),
      bound.slots,
      bound.memoryMB,
    ).lastInsertRowid,
  );
}

/** Spends one use of an enrollment token and answers the bound it gives; undefined when it is unknown, used up, expired or revoked. */
export function spendEnrollmentToken(db: Db, tokenHash: string, now: number): Bound | undefined {
  const row = stmt<[string, number], BoundColumns>(
    db,
    `UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE token_hash = ? AND uses_left > 0 AND expires_at > ? AND revoked_at IS NULL
     RETURNING ${BOUND_COLUMNS}`,
  ).get(tokenHash, now);
  return row && boundOf(row);
}

/** Every enrollment token, newest first; the hashes stay in the database. */
export function listEnrollmentTokens(db: Db): EnrollmentTokenRecord[] {
  return stmt<[], EnrollmentTokenRow>(
    db,
    `SELECT id, uses_left, expires_at, created_by, created_at, revoked_at, ${BOUND_COLUMNS} FROM enrollment_tokens ORDER BY id DESC`,
  )
    .all()
    .map(tokenFromRow);
}

/** Revokes a token (agents it already enrolled keep their own credentials); false when unknown or revoked before. */
export function revokeEnrollmentToken(db: Db, id: number, now: number): boolean {
  return stmt(db, 'UPDATE enrollment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1;
}
