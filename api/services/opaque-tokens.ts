import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque credentials (agent credentials, enrollment tokens): only their sha256 is
 * stored, so a leaked database does not hand out working credentials, and each
 * one can be revoked on its own. Hashed in one call: a Hash object costs more
 * than the hash, and every agent request checks one.
 */
export const sha256Hex = (text: string): string => hash('sha256', text);

export const newSecret = (): string => randomBytes(24).toString('base64url');

export function agentCredential(agentId: number, secret: string): string {
  return `awa_${agentId}.${secret}`;
}

/** Splits `awa_<id>.<secret>`; null when the text is not shaped like an agent credential. */
export function parseAgentCredential(text: string): { agentId: number; secret: string } | null {
  const match = /^awa_(\d{1,15})\.([A-Za-z0-9_-]{16,128})$/.exec(text);
  return match ? { agentId: Number(match[1]), secret: match[2] } : null;
}

export function sameHash(secret: string, storedHash: string): boolean {
  const a = hash('sha256', secret, 'buffer');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const enrollmentToken = (): string => `awe_enroll_${newSecret()}`;
