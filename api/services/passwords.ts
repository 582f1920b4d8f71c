import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * `standard` is OWASP's scrypt minimum N=2^15, r=8, p=3: each check fills
 * 32 MiB (128·N·r) three times over, which is what makes guessing slow.
 * `test` (AWE_PASSWORD_HASH_COST=test) is for the test suite only, where
 * hundreds of users sign in: a stolen database hashed that way is cheap to crack.
 */
export const PASSWORD_COSTS = {
  standard: { N: 1 << 15, r: 8, p: 3 },
  test: { N: 1 << 10, r: 8, p: 1 },
} as const satisfies Record<string, ScryptCost>;

export type PasswordCost = keyof typeof PASSWORD_COSTS;

// Node refuses any scrypt needing more than maxmem; 128·N·r for the largest N and r accepted from a stored hash.
const MAX_N = 1 << 17;
const MAX_R = 16;
const MAXMEM = 128 * MAX_N * MAX_R + 1024 * 1024;
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`, all in one column so that the cost can be raised later per user. */
export async function hashPassword(password: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: MAXMEM });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): (ScryptCost & { salt: Buffer; hash: Buffer }) | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return undefined;
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || !Number.isInteger(R) || R < 1 || R > MAX_R || !Number.isInteger(P) || P < 1 || P > 16) return undefined;
  const key = Buffer.from(hash, 'base64');
  // An empty or short stored key would compare equal to anything computed at its length.
  if (key.length < 16) return undefined;
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64'), hash: key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.hash.length, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: MAXMEM });
  return timingSafeEqual(key, parsed.hash);
}

/** Whether a stored hash was made at another cost than `cost`: rehashed at the user's next sign-in. */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N !== cost.N || parsed.r !== cost.r || parsed.p !== cost.p;
}

/** A password for generated accounts: 24 characters from a URL-safe alphabet. */
export const randomPassword = (): string => randomBytes(18).toString('base64url');
