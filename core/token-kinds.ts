/**
 * Which kind of credential a bearer token is, read without verifying it: the
 * service verifies every token it accepts, but it (and a site cache, which
 * holds no key) first needs to know which check applies, and a cache must
 * refuse user tokens before sending them anywhere. JWT audiences say the kind;
 * agent credentials are opaque and start with `awa_`.
 */
export const TOKEN_ISSUER = 'awe-dp';
export const USER_AUDIENCE = 'awe-dp:user';
export const JOB_AUDIENCE = 'awe-dp:job';
/** Short-lived, read-only tokens for content (blobs, outputs) a user may read, for use with a site cache. */
export const CONTENT_AUDIENCE = 'awe-dp:content';

export type TokenKind = 'user' | 'job' | 'content' | 'agent' | 'unknown';

const KINDS: Record<string, TokenKind> = { [USER_AUDIENCE]: 'user', [JOB_AUDIENCE]: 'job', [CONTENT_AUDIENCE]: 'content' };

export function tokenKind(token: string): TokenKind {
  if (token.startsWith('awa_')) return 'agent';
  const payload = token.split('.')[1];
  if (payload === undefined) return 'unknown';
  try {
    const aud = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown }).aud;
    return (typeof aud === 'string' && KINDS[aud]) || 'unknown';
  } catch {
    return 'unknown';
  }
}
