import { createHmac } from 'node:crypto';
import { JOB_AUDIENCE, TOKEN_ISSUER } from '../../core/token-kinds.js';
import type { SigningKey } from './signing-keys.js';

/** A job token lives as long as a long attempt may: it is useless once the attempt's lease is gone anyway. */
export const JOB_TOKEN_TTL_SECONDS = 7 * 86400;

/**
 * Signs job tokens, one per claimed job on the claim answer: the JWT library's
 * generic signer merges options and checks and copies the claims per call;
 * this is one HMAC over a precomputed header. The tokens are what
 * @fastify/jwt signs with the same key (HS256, `typ` JWT, the key's `kid`;
 * `iss` and `iat` added, expiry in whole seconds of wall-clock time), so the
 * one verifier checks them like any other token.
 */
export function jobTokenSigner({ kid, key }: SigningKey): (jobId: number, epoch: number) => string {
  const header = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid })).toString('base64url')}.`;
  return (jobId, epoch) => {
    const iat = Math.floor(Date.now() / 1000);
    const claims = { sub: String(jobId), aud: JOB_AUDIENCE, epoch, exp: iat + JOB_TOKEN_TTL_SECONDS, iss: TOKEN_ISSUER, iat };
    const signed = header + Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
  };
}
