import { Type } from '@sinclair/typebox';
import { Strict, Timestamp } from './common.js';

export const Role = Type.Union([Type.Literal('visitor'), Type.Literal('user'), Type.Literal('developer'), Type.Literal('admin')]);

const Password = Type.String({ minLength: 8, maxLength: 1024 });

export const NewUser = Strict({
  username: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' }),
  password: Password,
  role: Role,
  canRoute: Type.Optional(Type.Boolean()),
  maxActiveJobs: Type.Optional(Type.Integer({ minimum: 0, description: "this user's limit on jobs waiting, queued or running; default AWE_MAX_ACTIVE_JOBS_PER_USER" })),
});

export const User = Type.Object({
  username: Type.String(),
  role: Role,
  canRoute: Type.Boolean(),
  disabled: Type.Boolean({ description: 'a disabled user cannot sign in; their tokens stopped when they were disabled' }),
  maxActiveJobs: Type.Union([Type.Integer(), Type.Null()], { description: "the user's own limit, null for the service's default" }),
  activeJobs: Type.Integer({ description: 'jobs waiting, queued or running now' }),
  createdAt: Timestamp,
});
export const UserParams = Strict({ name: Type.String({ minLength: 1, maxLength: 64 }) });
export const UserUpdate = Strict(
  {
    role: Type.Optional(Role),
    canRoute: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
    maxActiveJobs: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: 2 ** 31 }), Type.Null()], {
        description: "this user's limit on jobs waiting, queued or running; null: the service's default (AWE_MAX_ACTIVE_JOBS_PER_USER)",
      }),
    ),
    password: Type.Optional(Password),
  },
  'fields left out stay as they are; a new password or disabling revokes all of the user\'s tokens',
);
export const PasswordChange = Strict({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Password,
});
export const UserList = Type.Object({ users: Type.Array(User) });

export const Login = Strict({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
export const TokenResponse = Type.Object({ token: Type.String(), expiresAt: Timestamp });

/** The web page's session: who is browsing, and the CSRF token its changes carry. */
export const Session = Type.Object({
  username: Type.Union([Type.String(), Type.Null()], { description: 'null for an anonymous visitor' }),
  role: Role,
  canRoute: Type.Boolean(),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'send as x-csrf-token with every change made with the session cookie' }),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
});
