import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { keysDirOf } from '../config.js';
import { ApiError, forbidden } from '../errors.js';
import { loadOrCreateKey } from '../services/key-files.js';
import { jobTokenSigner } from '../services/job-token.js';
import { parseAgentCredential, sameHash } from '../services/opaque-tokens.js';
import { currentSigningKey, FIRST_KID, signingKey } from '../services/signing-keys.js';
import { CSRF_HEADER, csrfMatches, csrfTokenFor, isSafeMethod, SESSION_COOKIE } from '../services/web-session.js';
import { ROLES, type Agent, type Role } from '../store/store.js';
import { CONTENT_AUDIENCE, JOB_AUDIENCE, TOKEN_ISSUER, tokenKind, USER_AUDIENCE } from '../../core/token-kinds.js';

export type Principal =
  | { kind: 'user'; username: string; role: Role; canRoute: boolean }
  | { kind: 'agent'; agent: Agent }
  | { kind: 'job'; jobId: number; epoch: number }
  /** A read-only content token: what its user may read, nothing else (for site caches). */
  | { kind: 'content'; username: string; role: Role };

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Signed-in people with at least this role. */
    requireUser(minRole?: Role): Guard;
    /** Enrolled agents (opaque credential). */
    requireAgent: Guard;
    /** A job token (for the agent running that job), or a signed-in person. */
    requireJobOrUser: Guard;
    /** Content reads: a job token, a content token or a signed-in person. */
    requireContentReader: Guard;
    signUserToken(username: string): Promise<{ token: string; expiresAt: string }>;
    signJobToken(jobId: number, epoch: number): string;
    signContentToken(username: string): Promise<{ token: string; expiresAt: string }>;
    /** The CSRF token the web page sends with changes made under this session token. */
    csrfTokenFor(sessionToken: string): string;
  }
}

/** Content tokens travel to site caches: minutes, so one that leaks soon opens nothing. */
export const CONTENT_TOKEN_TTL_SECONDS = 600;

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

const unauthenticated = (what: string): ApiError => new ApiError('AWE_ERR_UNAUTHENTICATED', what);

/** Anonymous browsing (AWE_ANONYMOUS_VISITORS=1): a visitor with no name, so it owns nothing and sees nothing private. */
const ANONYMOUS: Principal = { kind: 'user', username: '', role: 'visitor', canRoute: false };

/**
 * Three kinds of credentials, each accepted only where it belongs: user tokens
 * (JWT, audience awe-dp:user), job tokens (JWT, audience awe-dp:job) and agent
 * credentials (opaque, hashed in the database). The JWT algorithm is pinned and
 * `exp`, `iss` and `aud` are required, so `alg: none` or a token of one kind
 * presented as another is refused.
 */
export default fp(
  async (app) => {
    const { store, config, now, box } = app.awe;
    await app.register(fastifyCookie);
    const csrfKey = loadOrCreateKey(join(keysDirOf(config), 'csrf.key'));
    // New tokens are signed with the newest key and name it (kid); any key ever issued verifies.
    const current = await currentSigningKey(store, box, keysDirOf(config), now());
    const keys = new Map<string, Buffer>([[current.kid, current.key]]);
    await app.register(fastifyJwt, {
      secret: current.key,
      sign: { algorithm: 'HS256', iss: TOKEN_ISSUER, kid: current.kid },
      verify: { algorithms: ['HS256'], allowedIss: TOKEN_ISSUER, requiredClaims: ['exp', 'iss', 'aud', 'sub'] },
    });
    app.decorateRequest('principal', null);

    /** The key a token names; one made after this process started (another replica, a rotation) is read from the database. */
    async function keyOf(token: string): Promise<Buffer | undefined> {
      let kid: unknown;
      try {
        kid = (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown }).kid ?? FIRST_KID;
      } catch {
        return undefined;
      }
      if (typeof kid !== 'string' || kid.length > 64) return undefined;
      let key = keys.get(kid);
      if (key === undefined) {
        key = (await signingKey(store, box, kid))?.key;
        if (key !== undefined) keys.set(kid, key);
      }
      return key;
    }

    async function verify(token: string, audience: string): Promise<Record<string, unknown>> {
      try {
        const key = await keyOf(token);
        if (key === undefined) throw new Error('unknown key id');
        return app.jwt.verify<Record<string, unknown>>(token, { allowedAud: audience, key });
      } catch {
        throw unauthenticated('the token is invalid or expired; sign in again');
      }
    }

    async function asUser(token: string, audience = USER_AUDIENCE): Promise<Extract<Principal, { kind: 'user' }>> {
      const claims = await verify(token, audience);
      const user = await store.getUser(String(claims.sub));
      if (!user) throw unauthenticated('the token names a user that no longer exists');
      if (user.disabled) throw unauthenticated('this account is disabled; ask an admin');
      // Tokens from before token versions existed carry none: they count as version 0 until the first revocation.
      if ((claims.tv ?? 0) !== user.token_version) throw unauthenticated('this token was revoked (password changed or account disabled); sign in again');
      return { kind: 'user', username: user.username, role: user.role, canRoute: user.can_route === 1 };
    }

    /** Revoked with its user's tokens (same token version), and never more than its user may read. */
    async function asContent(token: string): Promise<Principal> {
      const { username, role } = await asUser(token, CONTENT_AUDIENCE);
      return { kind: 'content', username, role };
    }

    async function asJob(token: string): Promise<Principal> {
      const claims = await verify(token, JOB_AUDIENCE);
      return { kind: 'job', jobId: Number(claims.sub), epoch: Number(claims.epoch) };
    }

    async function asAgent(token: string): Promise<Principal> {
      const parsed = parseAgentCredential(token);
      const agent = parsed && (await store.getAgent(parsed.agentId));
      if (!parsed || !agent || agent.state === 'removed' || !sameHash(parsed.secret, agent.secretHash)) {
        throw unauthenticated('unknown or revoked agent credential; enroll the agent again');
      }
      // Last contact at one-second resolution is all `lost` detection needs; it spares a write per request.
      if (now() - agent.lastSeenAt >= 1000 || agent.state === 'lost') await store.touchAgent(agent.id, now());
      return { kind: 'agent', agent };
    }

    const looksLikeAgent = (token: string): boolean => tokenKind(token) === 'agent';

    /**
     * A bearer token, or else the web page's session cookie. Changes made with
     * the cookie must carry the session's CSRF token: a page of another origin
     * can make the browser send the cookie (where SameSite does not stop it) but
     * cannot read the token.
     */
    function userToken(request: FastifyRequest): string | null {
      const token = bearer(request);
      if (token !== null) return token;
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie === undefined || cookie === '') return null;
      const header = request.headers[CSRF_HEADER];
      if (!isSafeMethod(request.method) && !csrfMatches(csrfKey, cookie, typeof header === 'string' ? header : undefined)) {
        throw new ApiError('AWE_ERR_CSRF', `a change made with the session cookie needs the ${CSRF_HEADER} header of this session`);
      }
      return cookie;
    }

    app.decorate('csrfTokenFor', (sessionToken: string) => csrfTokenFor(csrfKey, sessionToken));

    app.decorate('requireUser', (minRole: Role = 'visitor'): Guard => async (request) => {
      const token = userToken(request);
      if (token === null && config.anonymousVisitors && minRole === 'visitor') {
        request.principal = ANONYMOUS;
        return;
      }
      if (token === null) throw unauthenticated('sign in first: POST /v1/auth/token, then send "Authorization: Bearer <token>"');
      if (looksLikeAgent(token)) throw forbidden('agent credentials are not accepted here');
      const principal = await asUser(token);
      request.principal = principal;
      if (principal.kind === 'user' && ROLES.indexOf(principal.role) < ROLES.indexOf(minRole)) {
        throw forbidden(`this needs the ${minRole} role; you are a ${principal.role}`);
      }
    });

    app.decorate('requireAgent', async (request: FastifyRequest) => {
      const token = bearer(request);
      if (token === null) throw unauthenticated('agents send "Authorization: Bearer <agent credential>"');
      if (!looksLikeAgent(token)) throw forbidden('only agents may call this');
      request.principal = await asAgent(token);
    });

    app.decorate('requireJobOrUser', async (request: FastifyRequest) => {
      const token = userToken(request);
      if (token === null) throw unauthenticated('sign in first: POST /v1/auth/token');
      if (looksLikeAgent(token)) throw forbidden('agents read bundles and inputs with the job token of the job');
      // Anything but a job token gets the user-token check, which refuses it like any bad token.
      request.principal = tokenKind(token) === 'job' ? await asJob(token) : await asUser(token);
    });

    app.decorate('requireContentReader', async (request: FastifyRequest) => {
      const token = userToken(request);
      if (token === null) throw unauthenticated('send a job token, a content token (POST /v1/content-tokens) or a user token');
      const kind = tokenKind(token);
      if (kind === 'agent') throw forbidden('agents read bundles and inputs with the job token of the job');
      request.principal = kind === 'job' ? await asJob(token) : kind === 'content' ? await asContent(token) : await asUser(token);
    });

    // Claims set in the payload, no per-call options: @fastify/jwt then signs with
    // its one prepared signer instead of building a signer (and key) per token.
    // Expiry is wall-clock time, as the verifier checks it.
    const sign = (claims: Record<string, unknown>, ttlSeconds: number): string =>
      app.jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSeconds });

    // A user's tokens carry its token version, so a revocation (password change, disable) ends them all.
    const signForUser = async (username: string, audience: string, ttlSeconds: number) => {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
      const tv = (await store.getUser(username))?.token_version ?? 0;
      return { token: sign({ sub: username, aud: audience, tv }, ttlSeconds), expiresAt };
    };

    app.decorate('signUserToken', (username: string) => signForUser(username, USER_AUDIENCE, config.tokenTtlSeconds));
    app.decorate('signContentToken', (username: string) => signForUser(username, CONTENT_AUDIENCE, CONTENT_TOKEN_TTL_SECONDS));

    app.decorate('signJobToken', jobTokenSigner(current));
  },
  { name: 'awe-auth', dependencies: ['awe-context'] },
);
