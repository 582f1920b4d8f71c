import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errors } from '../../schemas/common.js';
import { Login, TokenResponse } from '../../schemas/users.js';
import { ApiError } from '../errors.js';
import { LoginLimiter } from '../services/login-limiter.js';
import { hashPassword, needsRehash, PASSWORD_COSTS, verifyPassword } from '../services/passwords.js';
import { getUser, setPasswordHash } from '../store/users.js';

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
      if (user.disabled) throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'this account is disabled; ask an admin');
      // Hashes made at an older cost are replaced while the password is at hand.
      if (needsRehash(user.password_hash, cost)) setPasswordHash(db, user.username, user.password_hash, await hashPassword(password, cost));
      return app.signUserToken(user.username);
    },
  );
}
