import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errors } from '../../schemas/common.js';
import { Login, NewUser, TokenResponse, User, UserList } from '../../schemas/users.js';
import { ApiError } from '../errors.js';
import { LoginLimiter } from '../services/login-limiter.js';
import { hashPassword, needsRehash, PASSWORD_COSTS, verifyPassword } from '../services/passwords.js';
import { getUser, insertUser, listUsers, setPasswordHash, type UserRow } from '../store/users.js';

const userView = (row: UserRow) => ({
  username: row.username,
  role: row.role,
  canRoute: row.can_route === 1,
  createdAt: new Date(row.created_at).toISOString(),
});

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, now, config } = app.awe;
  const cost = PASSWORD_COSTS[config.passwordHashCost];
  const limiter = new LoginLimiter();
  // Compared against when the user does not exist, so that a miss costs as much time as a wrong password.
  const dummyHash = await hashPassword('awe-dp: no such user', cost);

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
    async (request, reply) => {
      const { username, password } = request.body;
      const wait = limiter.retryAfter(username, request.ip, now());
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ApiError('AWE_ERR_RATE_LIMITED', `too many failed sign-ins; try again in ${wait} s`);
      }
      const user = getUser(db, username);
      const ok = await verifyPassword(password, user?.password_hash ?? dummyHash);
      if (!user || !ok) {
        limiter.fail(username, request.ip, now());
        throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'wrong user name or password');
      }
      limiter.succeed(username, request.ip);
      // Hashes made at an older cost are replaced while the password is at hand.
      if (needsRehash(user.password_hash, cost)) setPasswordHash(db, user.username, user.password_hash, await hashPassword(password, cost));
      return app.signUserToken(user.username);
    },
  );

  r.get(
    '/v1/me',
    {
      onRequest: app.requireUser(),
      schema: { operationId: 'whoAmI', tags: ['auth'], summary: 'The signed-in user', response: { 200: User, ...errors(401) } },
    },
    async (request) => {
      const principal = request.principal!;
      return userView(getUser(db, principal.kind === 'user' ? principal.username : '')!);
    },
  );

  r.post(
    '/v1/users',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a user (admin)',
        body: NewUser,
        response: { 201: User, ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { username, password, role, canRoute } = request.body;
      const created = insertUser(db, { username, password_hash: await hashPassword(password, cost), role, can_route: canRoute ? 1 : 0 }, now());
      if (!created) throw new ApiError('AWE_ERR_CONFLICT', `user ${username} exists already`);
      reply.code(201);
      return userView(getUser(db, username)!);
    },
  );

  r.get(
    '/v1/users',
    {
      onRequest: app.requireUser('admin'),
      schema: { operationId: 'listUsers', tags: ['users'], summary: 'List users (admin)', response: { 200: UserList, ...errors(401, 403) } },
    },
    async () => ({ users: listUsers(db).map(userView) }),
  );
}
