import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errors, IdParams } from '../../schemas/common.js';
import { AttemptList, Lineage, OutputUses, Provenance, ProvenanceQuery, RoCrate, Sha256Params } from '../../schemas/provenance.js';
import { forbidden, notFound } from '../errors.js';
import { canSeePrivate } from '../services/access.js';
import { attemptViews } from '../services/attempt-view.js';
import { provenance } from '../services/provenance.js';
import { roCrate } from '../services/ro-crate.js';
import { LINEAGE_LIMIT, type JobRow } from '../store/store.js';

/** How a job ran and what went into it: its attempts, provenance and lineage. */
export default async function provenanceRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.awe;
  const found = async (id: number): Promise<JobRow> => {
    const row = await store.getJobRow(id);
    if (!row) throw notFound(`job ${id}`);
    return row;
  };

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
      const row = await found(request.params.id);
      return { attempts: attemptViews(await store.listAttempts(row.id), request.principal, row.owner) };
    },
  );

  r.get(
    '/v1/jobs/:id/provenance',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'getProvenance',
        tags: ['jobs'],
        summary: 'What went into a job and what came out (owner and admins); `format=ro-crate`: a Workflow Run RO-Crate; `depth=all`: with every ancestor',
        params: IdParams,
        querystring: ProvenanceQuery,
        produces: ['application/json', 'application/ld+json'],
        response: {
          200: {
            description: 'the record, or with format=ro-crate the ro-crate-metadata.json',
            content: { 'application/json': { schema: Provenance }, 'application/ld+json': { schema: RoCrate } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const row = await found(request.params.id);
      if (!canSeePrivate(request.principal, row.owner)) throw forbidden(`the provenance of job ${row.id} is for its owner and admins`);
      const record = await provenance(app.awe, row, request.principal, request.query.depth ?? 'one');
      // Two media types under one status: sent through the untyped reply, serialized by the schema of its type.
      const raw = reply as FastifyReply;
      if (request.query.format !== 'ro-crate') return raw.type('application/json').send(record);
      return raw.type('application/ld+json').send(roCrate(record, `${request.protocol}://${request.host}`));
    },
  );

  r.get(
    '/v1/jobs/:id/lineage',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'getLineage',
        tags: ['jobs'],
        summary: "A job's ancestors and descendants through after and inputs",
        params: IdParams,
        response: { 200: Lineage, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const row = await found(request.params.id);
      const up = await store.ancestorIds(row.id, LINEAGE_LIMIT + 1);
      const down = await store.descendantIds(row.id, LINEAGE_LIMIT + 1);
      return {
        job: row.id,
        ancestors: await store.jobRefs(up.slice(0, LINEAGE_LIMIT)),
        descendants: await store.jobRefs(down.slice(0, LINEAGE_LIMIT)),
        truncated: up.length > LINEAGE_LIMIT || down.length > LINEAGE_LIMIT,
      };
    },
  );

  r.get(
    '/v1/outputs/:sha256',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'getOutputUses',
        tags: ['jobs'],
        summary: 'Which jobs produced a content and which took it as an input, among the jobs the caller may read',
        params: Sha256Params,
        response: { 200: OutputUses, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { sha256 } = request.params;
      const uses = await store.contentUses(sha256);
      // What one user brings is not another's to read: only the caller's own jobs (all, for admins) count.
      const produced = uses.produced.filter((p) => canSeePrivate(request.principal, p.owner));
      const used = uses.used.filter((u) => canSeePrivate(request.principal, u.owner));
      if (produced.length === 0 && used.length === 0) throw notFound(`an output with sha256 ${sha256} among your jobs`);
      return {
        sha256,
        produced: produced.map(({ job, epoch, path, size, promoted }) => ({ job, epoch, path, size, jobOutput: promoted })),
        used: used.map(({ job, from, path }) => ({ job, from, path })),
      };
    },
  );
}
