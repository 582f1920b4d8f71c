import type { SealedSigningKey } from '../store.js';
import type { Sql } from './sql.js';

export async function getSigningKey(sql: Sql, kid: string): Promise<SealedSigningKey | undefined> {
  return (await sql.query<SealedSigningKey>('SELECT kid, sealed_key AS "sealedKey", created_at AS "createdAt" FROM signing_keys WHERE kid = $1', [kid]))
    .rows[0];
}

/**
 * The key new tokens are signed with: the newest. Keys made in the same
 * millisecond (two replicas' first starts) are told apart by kid, so every
 * replica picks the same one (SQLite breaks the tie by rowid, which has no
 * counterpart here).
 */
export async function newestSigningKey(sql: Sql): Promise<SealedSigningKey | undefined> {
  return (
    await sql.query<SealedSigningKey>(
      'SELECT kid, sealed_key AS "sealedKey", created_at AS "createdAt" FROM signing_keys ORDER BY created_at DESC, kid DESC LIMIT 1',
    )
  ).rows[0];
}

/** Ignored when the id is taken: replicas starting at once each try to store the first key, and one does. */
export async function insertSigningKey(sql: Sql, key: SealedSigningKey): Promise<void> {
  await sql.query('INSERT INTO signing_keys (kid, sealed_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (kid) DO NOTHING', [key.kid, key.sealedKey, key.createdAt]);
}
