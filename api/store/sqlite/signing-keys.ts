import type { Db } from './db.js';
import { stmt } from './statements.js';

/** A token signing key as stored: sealed with the server's secret key (SecretBox), named by its key id. */
export interface SealedSigningKey {
  kid: string;
  sealedKey: string;
  createdAt: number;
}

export function getSigningKey(db: Db, kid: string): SealedSigningKey | undefined {
  return stmt<[string], SealedSigningKey>(db, 'SELECT kid, sealed_key AS sealedKey, created_at AS createdAt FROM signing_keys WHERE kid = ?').get(kid);
}

/** The key new tokens are signed with: the newest. */
export function newestSigningKey(db: Db): SealedSigningKey | undefined {
  return stmt<[], SealedSigningKey>(db, 'SELECT kid, sealed_key AS sealedKey, created_at AS createdAt FROM signing_keys ORDER BY created_at DESC, rowid DESC LIMIT 1').get();
}

/** Ignored when the id is taken: replicas starting at once each try to store the first key, and one does. */
export function insertSigningKey(db: Db, key: SealedSigningKey): void {
  stmt(db, 'INSERT OR IGNORE INTO signing_keys (kid, sealed_key, created_at) VALUES (?, ?, ?)').run(key.kid, key.sealedKey, key.createdAt);
}
