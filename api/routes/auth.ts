import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errors } from '../../schemas/common.js';
import { Login, TokenResponse } from '../../schemas/users.js';
import { ApiError } from '../errors.js';
import { LoginLimiter } from '../services/login-limiter.js';
import { hashPassword, verifyPassword } from '../services/passwords.js';
import { getUser } from '../store/users.js';

// Compared against when the user does not exist, so that a miss costs as much time as a wrong password.
const DUMMY_HASH = await hashPassword('awe-dp: no such user');

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, now } = app.awe;
  const limiter = new LoginLimiter();

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
      const key = `${request.body.username}\0${request.ip}`;
      const wait = limiter.retryAfter(key, now());
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ApiError('AWE_ERR_RATE_LIMITED', `too many failed sign-ins; try again in ${wait} s`);
      }
      const user = getUser(db, request.body.username);
      const ok = await verifyPassword(request.body.password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !ok) {
        limiter.fail(key, now());
        throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'wrong user name or password');
      }
      limiter.succeed(key);
      if (user.disabled) throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'this account is disabled; ask an admin');
      return app.signUserToken(user.username);
    },
  );
}
