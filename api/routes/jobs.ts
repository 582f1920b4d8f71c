import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { errors, IdParams } from '../../schemas/common.js';
import { Job, JobBatch, JobBatchResult, JobList, JobListQuery, JobSpec, LogQuery, LogSearch, LogSearchQuery } from '../../schemas/jobs.js';
import { ApiError, expired, forbidden, notFound } from '../errors.js';
import { canSeePrivate } from '../services/access.js';
import { recordAudit } from '../services/audit.js';
import { followLog } from '../services/follow-log.js';
import { FollowSlots } from '../services/follow-slots.js';
import type { Principal } from '../plugins/auth.js';
import { jobViews } from '../services/job-view.js';
import { searchLog } from '../services/log-search.js';
import { submitJob, submitJobs } from '../services/submit-job.js';
import type { JobFilter, JobRow } from '../store/store.js';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a retried submit with the same key returns the same job (or, for a batch, the same jobs)' })),
});

/** A follower over its cap is told to come back after this long: streams of finished jobs end by themselves. */
const FOLLOW_RETRY_SECONDS = 10;

export default async function jobRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store } = awe;
  const follows = new FollowSlots(awe.config.maxFollowsPerUser);

  const found = async (id: number): Promise<JobRow> => {
    const row = await store.getJobRow(id);
    if (!row) throw notFound(`job ${id}`);
    return row;
  };

  r.post(
    '/v1/jobs',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'submitJob',
        tags: ['jobs'],
        summary: 'Submit a job: run a catalog recipe with arguments',
        headers: IdempotencyHeaders,
        body: JobSpec,
        response: { 200: Job, 201: Job, ...errors(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw forbidden('sign in as a user');
      const { row, created } = await submitJob(awe, principal, request.body, request.headers['idempotency-key'] ?? null);
      reply.code(created ? 201 : 200);
      return (await jobViews(store, [row], principal, awe.now()))[0];
    },
  );

  r.post(
    '/v1/job-batches',
    {
      onRequest: app.requireUser(),
      // Up to 1,000 specs: more than the 1 MiB other JSON bodies get.
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        operationId: 'submitJobs',
        tags: ['jobs'],
        summary: 'Submit up to 1,000 jobs at once, all or none (one transaction)',
        headers: IdempotencyHeaders,
        body: JobBatch,
        response: { 201: JobBatchResult, ...errors(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw forbidden('sign in as a user');
      const rows = await submitJobs(awe, principal, request.body.jobs as JobSpec[], request.headers['idempotency-key'] ?? null);
      reply.code(201);
      return { ids: rows.map((row) => row.id), states: rows.map((row) => row.state) };
    },
  );

  r.get(
    '/v1/jobs',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'listJobs',
        tags: ['jobs'],
        summary: 'List jobs, newest first',
        querystring: JobListQuery,
        response: { 200: JobList, ...errors(400, 401) },
      },
    },
    async (request) => {
      const { cursor, limit = 100, ...filter } = request.query;
      const rows = await store.listJobs({ ...(filter as Omit<JobFilter, 'before' | 'limit'>), before: cursor === undefined ? undefined : Number(cursor), limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        jobs: await jobViews(store, page, request.principal, awe.now()),
        nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
      };
    },
  );

  r.get(
    '/v1/jobs/:id',
    {
      onRequest: app.requireUser(),
      schema: { operationId: 'getJob', tags: ['jobs'], summary: 'One job', params: IdParams, response: { 200: Job, ...errors(400, 401, 404) } },
    },
    async (request) => ({
      ...(await jobViews(store, [await found(request.params.id)], request.principal, awe.now()))[0],
      children: await store.childrenOf(request.params.id),
    }),
  );

  r.post(
    '/v1/jobs/:id/cancel',
    {
      onRequest: app.requireUser('user'),
      schema: {
        operationId: 'cancelJob',
        tags: ['jobs'],
        summary: 'Cancel a job: at once if it has not started, else through its agent (state cancelling)',
        params: IdParams,
        response: { 200: Job, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await found(request.params.id);
      if (!canSeePrivate(request.principal, row.owner)) throw forbidden(`job ${row.id} belongs to ${row.owner}`);
      const result = await store.tx(async (s) => {
        const cancel = await s.cancelJob(row.id, awe.now());
        if (!cancel.ok) return cancel;
        await recordAudit(s, awe.now(), request.principal, 'job.cancel', String(row.id), { owner: row.owner });
        s.afterCommit(() => {
          awe.notifier.notify(`job:${row.id}`);
          awe.broker.wake(cancel.queued.length);
        });
        return cancel;
      });
      if (!result.ok) throw new ApiError('AWE_ERR_BAD_STATE', `job ${row.id} is ${result.row?.state ?? 'gone'} and cannot be cancelled`);
      return (await jobViews(store, [result.row], request.principal, awe.now()))[0];
    },
  );

  r.get(
    '/v1/jobs/:id/log',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'getJobLog',
        tags: ['jobs'],
        summary: "The job's output from `offset` on; `follow=1` streams until the job ends",
        params: IdParams,
        querystring: LogQuery,
        produces: ['text/plain'],
        response: { 200: { description: 'log bytes', content: { 'text/plain': { schema: Type.String() } } }, ...errors(400, 401, 403, 404, 410, 429) },
      },
    },
    async (request, reply) => {
      const row = await found(request.params.id);
      if (!canSeePrivate(request.principal, row.owner)) throw forbidden(`the log of job ${row.id} is for its owner and admins`);
      if (row.expired_at !== null) throw expired(row.id, row.expired_at);
      const offset = request.query.offset ?? 0;
      reply.type('text/plain; charset=utf-8').header('x-log-size', String(row.log_size)).header('x-job-state', row.state);
      const follow = request.query.follow === '1' || request.query.follow === 'true';
      // Raw bytes, not a serialized body: sent through the untyped reply.
      const raw = reply as FastifyReply;
      if (!follow) return raw.send(await store.readLog(row.id, offset));
      const principal = request.principal as Extract<Principal, { kind: 'user' }>;
      const release = follows.take(principal.username);
      if (!release) {
        reply.header('retry-after', String(FOLLOW_RETRY_SECONDS));
        throw new ApiError('AWE_ERR_TOO_MANY_FOLLOWS', `${principal.username} already follows ${awe.config.maxFollowsPerUser} logs; close one first`);
      }
      const abort = new AbortController();
      // Each stream has its own bound: it ends after followMaxSeconds and the client reconnects from its offset.
      const limit = setTimeout(() => abort.abort(), awe.config.followMaxSeconds * 1000);
      reply.raw.once('close', () => {
        clearTimeout(limit);
        release();
        abort.abort();
      });
      reply.header('cache-control', 'no-store').header('x-accel-buffering', 'no');
      return raw.send(Readable.from(followLog(awe, row.id, offset, abort.signal)));
    },
  );

  r.get(
    '/v1/jobs/:id/log/search',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'searchJobLog',
        tags: ['jobs'],
        summary: "Lines of the job's whole log that contain q, and its first error line",
        params: IdParams,
        querystring: LogSearchQuery,
        response: { 200: LogSearch, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await found(request.params.id);
      if (!canSeePrivate(request.principal, row.owner)) throw forbidden(`the log of job ${row.id} is for its owner and admins`);
      return searchLog(store, row.id, request.query.q ?? '');
    },
  );
}
