import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LeaseQuery } from '../../schemas/agents.js';
import { errors, JobId, Strict } from '../../schemas/common.js';
import { Output, OutputList } from '../../schemas/jobs.js';
import { ApiError, expired, forbidden, notFound } from '../errors.js';
import { requireFreeDisk } from '../plugins/disk-guard.js';
import { canSeePrivate } from '../services/access.js';
import { acceptStreamedUploads, uploadStream } from '../plugins/streamed-uploads.js';
import { mayReadOutput } from '../services/blob-access.js';
import { OutputParams, outputPath, outputPathInContract } from './output-path.js';
import type { Principal } from '../plugins/auth.js';

/**
 * A job's products: uploaded by its agent under the attempt while it holds the
 * lease; those of the attempt that succeeds become the job's outputs, read by
 * the owner and by jobs that take them as inputs.
 */
export default async function outputRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store, blobs, config } = awe;
  acceptStreamedUploads(app, config.uploadMaxBytes);

  r.put(
    '/v1/jobs/:id/outputs/*',
    {
      config: { swaggerTransform: outputPathInContract },
      onRequest: [app.requireAgent, requireFreeDisk(awe)],
      schema: {
        operationId: 'uploadOutput',
        tags: ['agents'],
        summary: 'Upload one output file of a running attempt (agent)',
        params: OutputParams,
        querystring: LeaseQuery,
        consumes: ['application/octet-stream'],
        response: { 200: Output, ...errors(400, 401, 403, 404, 409, 413, 415, 507) },
      },
    },
    async (request) => {
      const path = outputPath(request.params['*']);
      const body = uploadStream(request.body);
      const agent = (request.principal as Extract<Principal, { kind: 'agent' }>).agent;
      const id = request.params.id;
      const fence = { agentId: agent.id, epoch: request.query.epoch };
      const stale = (): ApiError => new ApiError('AWE_ERR_STALE_LEASE', `attempt ${fence.epoch} of job ${id} no longer holds the lease`);
      if (!(await store.jobState(id))) throw notFound(`job ${id}`);
      // Checked before the bytes are stored, so a late attempt costs no disk, and again at the insert:
      // the lease may expire while a large file arrives.
      if (!(await store.holdsLease(id, fence))) {
        body.resume();
        throw stale();
      }
      const stored = await blobs.put(body, { maxBytes: config.uploadMaxBytes });
      if (!(await store.insertAttemptOutput(id, fence, { path, ...stored }))) throw stale();
      return { path, ...stored };
    },
  );

  r.get(
    '/v1/jobs/:id/outputs',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'listOutputs',
        tags: ['jobs'],
        summary: "A job's output files (owner and admins)",
        params: Strict({ id: JobId }),
        response: { 200: OutputList, ...errors(400, 401, 403, 404, 410) },
      },
    },
    async (request) => {
      const row = await store.getJobRow(request.params.id);
      if (!row) throw notFound(`job ${request.params.id}`);
      if (!canSeePrivate(request.principal, row.owner)) throw forbidden(`the outputs of job ${row.id} are for its owner and admins`);
      if (row.expired_at !== null) throw expired(row.id, row.expired_at);
      return { outputs: await store.listOutputs(row.id) };
    },
  );

  r.get(
    '/v1/jobs/:id/outputs/*',
    {
      config: { swaggerTransform: outputPathInContract },
      onRequest: app.requireJobOrUser,
      schema: {
        operationId: 'downloadOutput',
        tags: ['jobs'],
        summary: 'Download one output file (owner, admins, and the job token of a job that takes it as input)',
        params: OutputParams,
        response: { 200: { description: 'the bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...errors(400, 401, 403, 404, 410) },
      },
    },
    async (request, reply) => {
      const path = outputPath(request.params['*']);
      const row = await store.getJobRow(request.params.id);
      if (!row) throw notFound(`job ${request.params.id}`);
      if (!(await mayReadOutput(awe, request.principal, row, path))) throw forbidden(`the outputs of job ${row.id} are for its owner and admins`);
      if (row.expired_at !== null) throw expired(row.id, row.expired_at);
      const output = await store.getOutput(row.id, path);
      if (!output) throw notFound(`output ${path} of job ${row.id}`);
      return (reply as FastifyReply)
        .type('application/octet-stream')
        .header('content-length', output.size)
        .header('x-sha256', output.sha256)
        .send(awe.metrics.countSent(blobs.openRead(output.sha256)));
    },
  );
}
