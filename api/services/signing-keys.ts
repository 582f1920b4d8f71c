import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { keysDirOf, type ServerConfig } from '../config.js';
import { openDatabase, type Db } from '../store/sqlite/db.js';
import { insertAudit } from '../store/sqlite/audit.js';
import { getSigningKey, insertSigningKey, newestSigningKey } from '../store/sqlite/signing-keys.js';
import { immediate } from '../store/sqlite/statements.js';
import { loadOrCreateKey } from './key-files.js';
import { SecretBox } from './secret-box.js';

/** Tokens from before key ids carry none: they were signed with the key the keys dir's jwt.key held. */
export const FIRST_KID = 'initial';
const KEY_BYTES = 32;

export interface SigningKey {
  kid: string;
  key: Buffer;
}

const open = (box: SecretBox, kid: string, sealed: string): SigningKey => ({ kid, key: Buffer.from(box.open<string>(sealed), 'base64') });
const seal = (box: SecretBox, key: Buffer): string => box.seal(key.toString('base64'));

/**
 * The key new tokens are signed with. The keys live in the database (sealed
 * with the server's secret key), so every replica signs and verifies with the
 * same ones. On the first start after this scheme came in, the keys dir's
 * jwt.key becomes key "initial", so tokens issued before keep working. Of
 * replicas starting at once on an empty database, one stores the first key
 * and the others read it.
 */
export function currentSigningKey(db: Db, box: SecretBox, keysDir: string, now: number): SigningKey {
  return immediate(db, () => {
    if (!newestSigningKey(db)) {
      const legacy = join(keysDir, 'jwt.key');
      const key = existsSync(legacy) ? loadOrCreateKey(legacy) : randomBytes(KEY_BYTES);
      insertSigningKey(db, { kid: FIRST_KID, sealedKey: seal(box, key), createdAt: now });
    }
    const newest = newestSigningKey(db)!;
    return open(box, newest.kid, newest.sealedKey);
  });
}

/** A key by id, for verifying: undefined for ids nobody issued. */
export function signingKey(db: Db, box: SecretBox, kid: string): SigningKey | undefined {
  const stored = getSigningKey(db, kid);
  return stored && open(box, stored.kid, stored.sealedKey);
}

/**
 * Adds a new signing key (`awe-server --rotate-jwt-key`). Servers sign with it
 * from their next start; every key stays valid for verifying, so tokens signed
 * before keep working until they expire (user tokens after 12 hours, job
 * tokens after a week).
 */
function rotateSigningKey(db: Db, box: SecretBox, now: number): string {
  const kid = `k${now.toString(36)}${randomBytes(4).toString('hex')}`;
  immediate(db, () => {
    insertSigningKey(db, { kid, sealedKey: seal(box, randomBytes(KEY_BYTES)), createdAt: now });
    insertAudit(db, { at: now, actor: 'awe-server --rotate-jwt-key', action: 'key.rotate', target: kid, detail: {} });
  });
  return kid;
}

/** `awe-server --rotate-jwt-key`: the database of a data dir and the secret key of its keys dir, whether or not a server runs on them. */
export function rotateJwtKey(config: Pick<ServerConfig, 'dataDir' | 'keysDir'>): string {
  const db = openDatabase(join(config.dataDir, 'awe.db'));
  try {
    return rotateSigningKey(db, new SecretBox(loadOrCreateKey(join(keysDirOf(config), 'secret.key'))), Date.now());
  } finally {
    db.close();
  }
}
