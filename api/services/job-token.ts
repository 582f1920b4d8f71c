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
  const audience = JSON.stringify(JOB_AUDIENCE);
  const issuer = JSON.stringify(TOKEN_ISSUER);
  return (jobId, epoch) => {
    const iat = Math.floor(Date.now() / 1000);
    // What JSON.stringify makes of the claims (ids and epochs are integers), without building the object.
    const claims = `{"sub":"${jobId}","aud":${audience},"epoch":${epoch},"exp":${iat + JOB_TOKEN_TTL_SECONDS},"iss":${issuer},"iat":${iat}}`;
    const signed = header + Buffer.from(claims).toString('base64url');
    return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
  };
}
