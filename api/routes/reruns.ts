import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errors, IdParams } from '../../schemas/common.js';
import { BatchRerun, BatchView, Job, JobBatchResult, RerunEdits } from '../../schemas/jobs.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { canSeePrivate } from '../services/access.js';
import { jobViews } from '../services/job-view.js';
import { rerunSpec } from '../services/rerun.js';
import { submitJob, submitJobs } from '../services/submit-job.js';

type User = Extract<Principal, { kind: 'user' }>;

/** Only the owner reruns: a rerun carries the original's secret values, which are theirs alone. */
function asOwner(principal: Principal | null, owner: string, what: string): User {
  if (principal?.kind !== 'user' || principal.username !== owner) throw forbidden(`only ${owner} may rerun ${what}`);
  return principal;
}

/** Repeating work: a job with edits, the failed members of a batch; and batches as a whole. */
export default async function rerunRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store } = awe;

  r.post(
    '/v1/jobs/:id/rerun',
    {
      onRequest: app.requireUser('user'),
      schema: {
        operationId: 'rerunJob',
        tags: ['jobs'],
        summary: 'A new job like this one, with edits: args or params replace the list, env and settings merge by key (null removes), node, priority and bundle replace',
        params: IdParams,
        body: RerunEdits,
        response: { 201: Job, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const row = await store.getJobRow(request.params.id);
      if (!row) throw notFound(`job ${request.params.id}`);
      const user = asOwner(request.principal, row.owner, `job ${row.id}`);
      const { spec, origin } = await rerunSpec(awe, row, request.body ?? {});
      const { row: rerun } = await submitJob(awe, user, spec, null, origin);
      reply.code(201);
      return (await jobViews(store, [rerun], user, awe.now()))[0];
    },
  );

  r.get(
    '/v1/job-batches/:id',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'getJobBatch',
        tags: ['jobs'],
        summary: 'A submitted batch: its jobs and how many are in each state (owner and admins)',
        params: IdParams,
        response: { 200: BatchView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const batch = await store.getBatch(request.params.id);
      if (!batch) throw notFound(`batch ${request.params.id}`);
      if (!canSeePrivate(request.principal, batch.owner)) throw forbidden(`batch ${batch.id} belongs to ${batch.owner}`);
      const counts: Record<string, number> = {};
      for (const job of batch.jobs) counts[job.state] = (counts[job.state] ?? 0) + 1;
      return { id: batch.id, owner: batch.owner, rerunOf: batch.rerunOf, createdAt: new Date(batch.createdAt).toISOString(), jobs: batch.jobs.map((j) => j.id), counts };
    },
  );

  r.post(
    '/v1/job-batches/:id/rerun',
    {
      onRequest: app.requireUser('user'),
      schema: {
        operationId: 'rerunJobBatch',
        tags: ['jobs'],
        summary: "Rerun a batch's failed members, unchanged, as a new batch",
        params: IdParams,
        body: BatchRerun,
        response: { 201: JobBatchResult, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const batch = await store.getBatch(request.params.id);
      if (!batch) throw notFound(`batch ${request.params.id}`);
      const user = asOwner(request.principal, batch.owner, `batch ${batch.id}`);
      const failed = batch.jobs.filter((job) => job.state === 'failed');
      if (failed.length === 0) throw new ApiError('AWE_ERR_BAD_STATE', `batch ${batch.id} has no failed jobs to rerun`);
      const reruns = [];
      for (const job of failed) reruns.push(await rerunSpec(awe, (await store.getJobRow(job.id))!, {}));
      const result = await submitJobs(
        awe,
        user,
        reruns.map((rerun) => rerun.spec),
        null,
        { batch: batch.id, origins: reruns.map((rerun) => rerun.origin) },
      );
      reply.code(201);
      return { batchId: result.batchId, ids: result.rows.map((row) => row.id), states: result.rows.map((row) => row.state) };
    },
  );
}
