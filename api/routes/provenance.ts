import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errors, IdParams } from '../../schemas/common.js';
import { AttemptList } from '../../schemas/provenance.js';
import { notFound } from '../errors.js';
import { attemptViews } from '../services/attempt-view.js';
import { listAttempts } from '../store/sqlite/jobs/attempts.js';
import { getJobRow } from '../store/sqlite/jobs/job-row.js';

/** How a job ran and what went into it: its attempts, provenance and lineage. */
export default async function provenanceRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.awe;

  r.get(
    '/v1/jobs/:id/attempts',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'listAttempts',
        tags: ['jobs'],
        summary: "Every attempt of a job, oldest first: node, executor, timings, outcome, log range (and, for the owner, each attempt's outputs)",
        params: IdParams,
        response: { 200: AttemptList, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const row = getJobRow(db, request.params.id);
      if (!row) throw notFound(`job ${request.params.id}`);
      return { attempts: attemptViews(listAttempts(db, row.id), request.principal, row.owner) };
    },
  );
}
