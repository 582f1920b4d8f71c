import { Type } from '@sinclair/typebox';
import { Strict, Timestamp } from './common.js';

export const Role = Type.Union([Type.Literal('visitor'), Type.Literal('user'), Type.Literal('developer'), Type.Literal('admin')]);

export const NewUser = Strict({
  username: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' }),
  password: Type.String({ minLength: 8, maxLength: 1024 }),
  role: Role,
  canRoute: Type.Optional(Type.Boolean()),
});

export const User = Type.Object({
  username: Type.String(),
  role: Role,
  canRoute: Type.Boolean(),
  createdAt: Timestamp,
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
