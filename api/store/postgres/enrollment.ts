import type { Bound } from '../../../core/bounds.js';
import { BOUND_COLUMNS, boundOf, tokenFromRow, type BoundColumns, type EnrollmentTokenRecord, type EnrollmentTokenRow } from '../rows/enrollment.js';
import type { Sql } from './sql.js';

export async function insertEnrollmentToken(
  sql: Sql,
  token: { hash: string; uses: number; expiresAt: number; bound: Bound },
  createdBy: string,
  now: number,
): Promise<number> {
  const { hash, uses, expiresAt, bound } = token;
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO enrollment_tokens (token_hash, uses_left, expires_at, created_by, created_at, ${BOUND_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [hash, uses, expiresAt, createdBy, now, bound.labels === null ? null : JSON.stringify(bound.labels), bound.slots, bound.memoryMB],
  );
  return rows[0].id;
}

/** Spends one use of an enrollment token and answers the bound it gives; undefined when it is unknown, used up, expired or revoked. */
export async function spendEnrollmentToken(sql: Sql, tokenHash: string, now: number): Promise<Bound | undefined> {
  const row = (
    await sql.query<BoundColumns>(
      `UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE token_hash = $1 AND uses_left > 0 AND expires_at > $2 AND revoked_at IS NULL
       RETURNING ${BOUND_COLUMNS}`,
      [tokenHash, now],
    )
  ).rows[0];
  return row && boundOf(row);
}

/** Every enrollment token, newest first; the hashes stay in the database. */
export async function listEnrollmentTokens(sql: Sql): Promise<EnrollmentTokenRecord[]> {
  const { rows } = await sql.query<EnrollmentTokenRow>(
    `SELECT id, uses_left, expires_at, created_by, created_at, revoked_at, ${BOUND_COLUMNS} FROM enrollment_tokens ORDER BY id DESC`,
  );
  return rows.map(tokenFromRow);
}

/** Revokes a token (agents it already enrolled keep their own credentials); false when unknown or revoked before. */
export async function revokeEnrollmentToken(sql: Sql, id: number, now: number): Promise<boolean> {
  return (await sql.query('UPDATE enrollment_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now])).rowCount === 1;
}
