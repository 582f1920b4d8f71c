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

/** A job's products: uploaded by its agent while the attempt holds the lease, read by the owner and by jobs that take them as inputs. */
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
      const row = await store.getJobRow(request.params.id);
      if (!row) throw notFound(`job ${request.params.id}`);
      if (row.agent_id !== agent.id || row.lease_epoch !== request.query.epoch || (row.state !== 'running' && row.state !== 'cancelling')) {
        body.resume();
        throw new ApiError('AWE_ERR_STALE_LEASE', `attempt ${request.query.epoch} of job ${row.id} no longer holds the lease`);
      }
      const stored = await blobs.put(body, { maxBytes: config.uploadMaxBytes });
      await store.insertOutput(row.id, path, stored.sha256, stored.size);
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
        .send(blobs.openRead(output.sha256));
    },
  );
}
