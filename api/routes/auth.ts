import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../schemas/common.js';
import { Login, Session, TokenResponse } from '../../schemas/users.js';
import { ApiError } from '../errors.js';
import { LoginLimiter } from '../services/login-limiter.js';
import { hashPassword, needsRehash, PASSWORD_COSTS, verifyPassword } from '../services/passwords.js';
import { SESSION_COOKIE } from '../services/web-session.js';
import type { UserRow } from '../store/store.js';

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, now, config } = app.awe;
  const cost = PASSWORD_COSTS[config.passwordHashCost];
  const limiter = new LoginLimiter(store);
  // Compared against when the user does not exist, so that a miss costs as much time as a wrong password.
  const dummyHash = await hashPassword('awe-dp: no such user', cost);

  /** The user behind a name and password, for the API's tokens and the web page's session alike. */
  async function checkPassword(username: string, password: string, ip: string, reply: FastifyReply): Promise<UserRow> {
    const wait = await limiter.retryAfter(username, ip, now());
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError('AWE_ERR_RATE_LIMITED', `too many failed sign-ins; try again in ${wait} s`);
    }
    const user = await store.getUser(username);
    const ok = await verifyPassword(password, user?.password_hash ?? dummyHash);
    if (!user || !ok) {
      await limiter.fail(username, ip, now());
      throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'wrong user name or password');
    }
    await limiter.succeed(username, ip);
    if (user.disabled) throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'this account is disabled; ask an admin');
    // Hashes made at an older cost are replaced while the password is at hand.
    if (needsRehash(user.password_hash, cost)) await store.setPasswordHash(user.username, user.password_hash, await hashPassword(password, cost));
    return user;
  }

  r.post(
    '/v1/auth/token',
    {
      schema: {
        operationId: 'createToken',
        tags: ['auth'],
        summary: 'Sign in: trade a user name and password for a bearer token',
        body: Login,
        response: { 200: TokenResponse, ...errors(400, 401, 413, 429) },
      },
    },
    async (request, reply) => await app.signUserToken((await checkPassword(request.body.username, request.body.password, request.ip, reply)).username),
  );

  r.post(
    '/v1/auth/session',
    {
      schema: {
        operationId: 'createSession',
        tags: ['auth'],
        summary: 'Sign in for the web page: the token goes into an HttpOnly cookie; the answer holds the CSRF token',
        body: Login,
        response: { 200: Session, ...errors(400, 401, 413, 429) },
      },
    },
    async (request, reply) => {
      const user = await checkPassword(request.body.username, request.body.password, request.ip, reply);
      const { token, expiresAt } = await app.signUserToken(user.username);
      // The typed reply of the schema'd route does not carry @fastify/cookie's additions; the plain one does.
      (reply as FastifyReply).setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: new Date(expiresAt),
      });
      return { username: user.username, role: user.role, canRoute: user.can_route === 1, csrfToken: app.csrfTokenFor(token), expiresAt };
    },
  );

  r.get(
    '/v1/auth/session',
    {
      onRequest: app.requireUser(),
      schema: { operationId: 'getSession', tags: ['auth'], summary: 'Who the web page is browsing as, with its CSRF token', response: { 200: Session, ...errors(401) } },
    },
    async (request) => {
      const principal = request.principal!;
      const cookie = (request as FastifyRequest).cookies[SESSION_COOKIE];
      if (principal.kind !== 'user' || principal.username === '') return { username: null, role: 'visitor' as const, canRoute: false, csrfToken: null, expiresAt: null };
      const expires = cookie ? (app.jwt.decode<{ exp?: number }>(cookie)?.exp ?? null) : null;
      return {
        username: principal.username,
        role: principal.role,
        canRoute: principal.canRoute,
        csrfToken: cookie ? app.csrfTokenFor(cookie) : null,
        expiresAt: expires === null ? null : new Date(expires * 1000).toISOString(),
      };
    },
  );

  r.delete(
    '/v1/auth/session',
    {
      onRequest: app.requireUser(),
      schema: { operationId: 'deleteSession', tags: ['auth'], summary: "Sign out of the web page: clears the session cookie", response: { 204: { type: 'null' }, ...errors(401, 403) } },
    },
    async (_request, reply) => {
      (reply as FastifyReply).clearCookie(SESSION_COOKIE, { path: '/' });
      reply.code(204);
    },
  );
}
