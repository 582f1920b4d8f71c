import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { changeBound, UNBOUNDED } from '../../core/bounds.js';
import { EnrollmentBody, EnrollmentParams, EnrollmentResponse, EnrollmentTokenList } from '../../schemas/agents.js';
import { errors } from '../../schemas/common.js';
import { notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { audited } from '../services/audit.js';
import { enrollmentToken, sha256Hex } from '../services/opaque-tokens.js';
import type { EnrollmentTokenRecord, Store } from '../store/store.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const tokenView = (token: EnrollmentTokenRecord) => ({
  ...token,
  expiresAt: iso(token.expiresAt),
  createdAt: iso(token.createdAt),
  revokedAt: token.revokedAt === null ? null : iso(token.revokedAt),
});

/** Tokens that enroll agents: created, listed (never with their secret) and revoked by admins. */
export default async function enrollmentTokenRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store } = awe;
  const admin = app.requireUser('admin');

  r.post(
    '/v1/enrollment-tokens',
    {
      onRequest: admin,
      schema: {
        operationId: 'createEnrollmentToken',
        tags: ['agents'],
        summary: 'Create a token that enrolls agents (admin); limited uses, expires, may bound the labels, slots and memory they offer',
        body: EnrollmentBody,
        response: { 201: EnrollmentResponse, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const token = enrollmentToken();
      const uses = request.body.uses ?? 1;
      const expiresAt = awe.now() + (request.body.expiresInSeconds ?? 86400) * 1000;
      const principal = request.principal as Extract<Principal, { kind: 'user' }>;
      const bound = changeBound(UNBOUNDED, request.body.bound);
      const insert = (s: Store) => s.insertEnrollmentToken({ hash: sha256Hex(token), uses, expiresAt, bound }, principal.username, awe.now());
      const id = await audited(awe, principal, 'enrollment.create', String, insert, { uses, expiresAt: iso(expiresAt), bound });
      reply.code(201);
      return { id, token, uses, expiresAt: iso(expiresAt), bound };
    },
  );

  r.get(
    '/v1/enrollment-tokens',
    {
      onRequest: admin,
      schema: {
        operationId: 'listEnrollmentTokens',
        tags: ['agents'],
        summary: 'Enrollment tokens, newest first, with their bounds and without their secrets (admin)',
        response: { 200: EnrollmentTokenList, ...errors(401, 403) },
      },
    },
    async () => ({ tokens: (await store.listEnrollmentTokens()).map(tokenView) }),
  );

  r.delete(
    '/v1/enrollment-tokens/:id',
    {
      onRequest: admin,
      schema: {
        operationId: 'revokeEnrollmentToken',
        tags: ['agents'],
        summary: 'Revoke an enrollment token (admin): it enrolls no more agents; those it enrolled keep working',
        params: EnrollmentParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await audited(awe, request.principal, 'enrollment.revoke', String(id), (s) => s.revokeEnrollmentToken(id, awe.now())))) {
        throw notFound(`live enrollment token ${id}`);
      }
      reply.code(204);
    },
  );
}
