import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AuditPage, AuditQuery } from '../../schemas/audit.js';
import { errors } from '../../schemas/common.js';

/** The audit trail of admin and owner changes, for admins, newest first, a page at a time. */
export default async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.awe;

  r.get(
    '/v1/audit',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'listAudit',
        tags: ['users'],
        summary: 'Who changed users, routing, recipes, nodes, enrollment tokens and keys, and who cancelled which job (admin)',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const entries = await store.listAudit(request.query.before ?? Number.MAX_SAFE_INTEGER, limit);
      return {
        entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
        next: entries.length === limit ? entries[entries.length - 1].id : null,
      };
    },
  );
}
