import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../../schemas/common.js';
import { NewUser, PasswordChange, TokenResponse, User, UserList, UserParams, UserUpdate } from '../../schemas/users.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { audited } from '../services/audit.js';
import { hashPassword, PASSWORD_COSTS, verifyPassword } from '../services/passwords.js';
import type { Store, UserRow } from '../store/store.js';

const userView = (row: UserRow) => ({
  username: row.username,
  role: row.role,
  canRoute: row.can_route === 1,
  disabled: row.disabled === 1,
  maxActiveJobs: row.max_active_jobs,
  activeJobs: row.active_jobs,
  createdAt: new Date(row.created_at).toISOString(),
});


/** Users: the signed-in user, and the admins' management of users (create, change, disable, delete). */
export default async function userRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store, now } = awe;
  const admin = app.requireUser('admin');
  const cost = PASSWORD_COSTS[awe.config.passwordHashCost];

  /**
   * The signed-in user's own row. An anonymous visitor (AWE_ANONYMOUS_VISITORS)
   * has none, and an account deleted since its token was checked has none left.
   */
  async function ownAccount(request: FastifyRequest): Promise<UserRow> {
    const principal = request.principal as Extract<Principal, { kind: 'user' }>;
    if (principal.username === '') throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'browsing anonymously: sign in to have an account');
    const row = await store.getUser(principal.username);
    if (!row) throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'this account no longer exists');
    return row;
  }

  /** Someone must stay able to manage the service: the last active admin keeps that role. */
  async function keepAnAdmin(s: Store, row: UserRow, losesAdmin: boolean): Promise<void> {
    if (losesAdmin && row.role === 'admin' && row.disabled === 0 && (await s.countActiveAdmins()) <= 1) {
      throw new ApiError('AWE_ERR_CONFLICT', `${row.username} is the last active admin; make another admin first`);
    }
  }

  r.get(
    '/v1/me',
    {
      onRequest: app.requireUser(),
      schema: { operationId: 'whoAmI', tags: ['auth'], summary: 'The signed-in user', response: { 200: User, ...errors(401) } },
    },
    async (request) => userView(await ownAccount(request)),
  );

  r.put(
    '/v1/users/me/password',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'changePassword',
        tags: ['users'],
        summary: 'Change your own password: every token you hold stops working; answers a new one',
        body: PasswordChange,
        response: { 200: TokenResponse, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const row = await ownAccount(request);
      const { username } = row;
      if (!(await verifyPassword(request.body.currentPassword, row.password_hash))) throw forbidden('the current password is wrong');
      const passwordHash = await hashPassword(request.body.newPassword, cost);
      await audited(awe, request.principal, 'user.password', username, (s) => s.updateUser(username, { passwordHash }));
      return app.signUserToken(username);
    },
  );

  r.post(
    '/v1/users',
    {
      onRequest: admin,
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a user (admin); names of deleted users stay taken',
        body: NewUser,
        response: { 201: User, ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { username, password, role, canRoute, maxActiveJobs } = request.body;
      const row = { username, password_hash: await hashPassword(password, cost), role, can_route: canRoute ? 1 : 0, max_active_jobs: maxActiveJobs ?? null };
      const created = await audited(awe, request.principal, 'user.create', username, (s) => s.insertUser(row, now()), {
        role,
        canRoute: canRoute === true,
        maxActiveJobs: maxActiveJobs ?? null,
      });
      if (!created) throw new ApiError('AWE_ERR_CONFLICT', `the user name ${username} is taken (by a user now or before)`);
      reply.code(201);
      return userView((await store.getUser(username))!);
    },
  );

  r.get(
    '/v1/users',
    {
      onRequest: admin,
      schema: { operationId: 'listUsers', tags: ['users'], summary: 'List users (admin)', response: { 200: UserList, ...errors(401, 403) } },
    },
    async () => ({ users: (await store.listUsers()).map(userView) }),
  );

  r.patch(
    '/v1/users/:name',
    {
      onRequest: admin,
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: "Change a user's role, canRoute, disabled, maxActiveJobs or password (admin); disabling or a new password revokes their tokens",
        params: UserParams,
        body: UserUpdate,
        response: { 200: User, ...errors(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => {
      const { name } = request.params;
      const { role, canRoute, disabled, maxActiveJobs, password } = request.body;
      const passwordHash = password === undefined ? undefined : await hashPassword(password, cost);
      const detail = { role, canRoute, disabled, maxActiveJobs, ...(password === undefined ? {} : { password: 'changed' }) };
      const changed = await audited(
        awe,
        request.principal,
        'user.update',
        name,
        async (s) => {
          const row = await s.getUser(name);
          if (!row) return false;
          await keepAnAdmin(s, row, (role !== undefined && role !== 'admin') || disabled === true);
          return s.updateUser(name, { role, canRoute, disabled, maxActiveJobs, passwordHash });
        },
        detail,
      );
      if (!changed) throw notFound(`user ${name}`);
      return userView((await store.getUser(name))!);
    },
  );

  r.delete(
    '/v1/users/:name',
    {
      onRequest: admin,
      schema: {
        operationId: 'deleteUser',
        tags: ['users'],
        summary: 'Delete a user (admin): their tokens stop, their jobs stay, and the name is never given out again',
        params: UserParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const deleted = await audited(awe, request.principal, 'user.delete', name, async (s) => {
        const row = await s.getUser(name);
        if (!row) return false;
        await keepAnAdmin(s, row, true);
        return s.deleteUser(name, now());
      });
      if (!deleted) throw notFound(`user ${name}`);
      reply.code(204);
    },
  );
}
