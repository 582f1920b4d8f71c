import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { keysDirOf, type ServerConfig } from '../config.js';
import { openStore, type StoreConfig } from '../store/open-store.js';
import type { Store } from '../store/store.js';
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
export function currentSigningKey(store: Store, box: SecretBox, keysDir: string, now: number): Promise<SigningKey> {
  return store.tx(async (s) => {
    if (!(await s.newestSigningKey())) {
      const legacy = join(keysDir, 'jwt.key');
      const key = existsSync(legacy) ? loadOrCreateKey(legacy) : randomBytes(KEY_BYTES);
      await s.insertSigningKey({ kid: FIRST_KID, sealedKey: seal(box, key), createdAt: now });
    }
    const newest = (await s.newestSigningKey())!;
    return open(box, newest.kid, newest.sealedKey);
  });
}

/** A key by id, for verifying: undefined for ids nobody issued. */
export async function signingKey(store: Store, box: SecretBox, kid: string): Promise<SigningKey | undefined> {
  const stored = await store.getSigningKey(kid);
  return stored && open(box, stored.kid, stored.sealedKey);
}

/**
 * Adds a new signing key (`awe-server --rotate-jwt-key`). Servers sign with it
 * from their next start; every key stays valid for verifying, so tokens signed
 * before keep working until they expire (user tokens after 12 hours, job
 * tokens after a week).
 */
async function rotateSigningKey(store: Store, box: SecretBox, now: number): Promise<string> {
  const kid = `k${now.toString(36)}${randomBytes(4).toString('hex')}`;
  await store.tx(async (s) => {
    await s.insertSigningKey({ kid, sealedKey: seal(box, randomBytes(KEY_BYTES)), createdAt: now });
    await s.insertAudit({ at: now, actor: 'awe-server --rotate-jwt-key', action: 'key.rotate', target: kid, detail: {} });
  });
  return kid;
}

/** `awe-server --rotate-jwt-key`: the store and the secret key of a keys dir, whether or not a server runs on them. */
export async function rotateJwtKey(config: StoreConfig & Pick<ServerConfig, 'keysDir'>): Promise<string> {
  const store = await openStore(config);
  try {
    return await rotateSigningKey(store, new SecretBox(loadOrCreateKey(join(keysDirOf(config), 'secret.key'))), Date.now());
  } finally {
    await store.close();
  }
}
